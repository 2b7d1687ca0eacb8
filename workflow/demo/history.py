"""Carrying out the demo's planned steps through the real operations, in the order they happened.

The operations stamp what they make with the present moment; the demo's history is in the past.
``Backdating`` watches what each operation adds to the session (the submission, the review, the
uploads, the journal events) and dates it to the planned moment, and ``run`` does the same for the
fields an operation changes on rows it did not create (``submitted_at``, ``state_changed_at``).
Steps run in time order, so the journal's ids follow its dates.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel

from workflow import operations
from workflow.demo import content
from workflow.models import Assignment, AuditEvent, Order, Review, StoredFile, Submission

if TYPE_CHECKING:
    from documents.storage import FileStore, StoredBlob
    from workflow.demo import DemoSummary
    from workflow.demo.work import Step

STAMPED = (AuditEvent, Assignment, Order, Review, StoredFile, Submission)


class Backdating:
    """``with Backdating(session) as clock``: ``clock.stamp(at)`` dates everything added to the
    session since the last stamp (rows with a ``created_at``) to ``at``; ``clock.forget()`` leaves
    it as it is."""

    def __init__(self, session: Session):
        self.session = session
        self.added: list[SQLModel] = []

    def __enter__(self) -> "Backdating":
        sa.event.listen(self.session, "transient_to_pending", self._add)
        return self

    def __exit__(self, *_exc) -> None:
        sa.event.remove(self.session, "transient_to_pending", self._add)

    def _add(self, _session, obj) -> None:
        self.added.append(obj)

    def stamp(self, at: datetime) -> list[SQLModel]:
        added, self.added = self.added, []
        for obj in added:
            if isinstance(obj, STAMPED):
                obj.created_at = at
        return added

    def forget(self) -> None:
        self.added = []


@dataclass
class _Runner:
    session: Session
    clock: Backdating
    store: "FileStore"
    summary: "DemoSummary"
    blobs: dict[tuple[str, bytes], "StoredBlob"] = field(default_factory=dict)
    reports: dict[tuple[int, int], content.Report] = field(default_factory=dict)
    uploads: dict[tuple[int, int], list[StoredFile]] = field(default_factory=dict)

    def move(self, step: "Step") -> None:
        operations.move_due_date(self.session, step.actor, step.assignment, step.due_date, step.reason)
        self._stamp(step.at)
        self.summary.due_dates_moved += 1

    def draft(self, step: "Step") -> None:
        self._answer(step, send=False)

    def send(self, step: "Step") -> None:
        self._answer(step, send=True)

    def review(self, step: "Step") -> None:
        a = step.assignment
        submission = a.submissions[-1]
        assert submission.number == step.version, (a.id, submission.number, step.version)
        reasons, comment = content.decision(a, step.version, step.verdict)
        operations.review_submission(self.session, step.actor, submission, step.verdict,
                                     reasons=reasons, comment=comment)
        self._stamp(step.at)
        a.state_changed_at = step.at

    def _answer(self, step: "Step", *, send: bool) -> None:
        a, key = step.assignment, (step.assignment.id, step.version)
        if key not in self.reports:
            self.reports[key] = content.report(a, step.version, step.actor, step.at)
        report = self.reports[key]
        documents = report.documents
        if step.version > 1:  # the first version's other files are sent again as they were
            documents = documents + self.reports[(a.id, 1)].documents[1:]
        files = self._upload(key, documents[:len(documents) if send else step.files], step.actor)
        before = a.state
        submission = operations.save_submission(self.session, step.actor, a, fields=report.fields,
                                                note=report.note, files=files, send=send)
        if any(obj is submission for obj in self.clock.added):  # a new version: no decision to look up
            set_committed_value(submission, "review", None)
        self._stamp(step.at)
        if send:
            submission.submitted_at = step.at
        if a.state is not before:
            a.state_changed_at = step.at

    def _upload(self, key: tuple[int, int], documents: list[tuple[str, bytes]], actor) -> list[StoredFile]:
        """The uploads of one version, recorded the first time each is needed."""
        done = self.uploads.setdefault(key, [])
        for name, data in documents[len(done):]:
            blob = self.blobs.get((name, data))
            if blob is None:
                blob = self.blobs[(name, data)] = self.store.put(data, name)
            done.append(operations.record_upload(self.session, actor, blob))
        return done[:len(documents)]

    def _stamp(self, at: datetime) -> None:
        for obj in self.clock.stamp(at):
            self.summary.submissions += isinstance(obj, Submission)
            self.summary.reviews += isinstance(obj, Review)
            self.summary.files += isinstance(obj, StoredFile)


def run(session: Session, clock: Backdating, store: "FileStore", steps: Iterable["Step"],
        summary: "DemoSummary") -> None:
    """Do ``steps`` in time order (a stable sort: the plan's order breaks ties)."""
    runner = _Runner(session, clock, store, summary)
    for step in sorted(steps, key=lambda s: s.at):
        getattr(runner, step.action)(step)
    session.flush()
    summary.blobs += len({blob.sha256 for blob in runner.blobs.values()})
