"""The status matrix of an order as an XLSX workbook: the matrix in, bytes out (no database)."""
import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workflow.models import Order
from workflow.queries.status import Cell, Matrix

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_label(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return cell.state.label + (", просрочено" if cell.overdue else "")


def xlsx_bytes(matrix: Matrix) -> bytes:
    """Sheet «Исполнение»: a header block, schools × requirements with the Russian labels, % per
    school, and a last row of % per requirement. Sheet «Требования» spells out the codes."""
    order, requirements = matrix.order, matrix.requirements
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)

    sheet = workbook.create_sheet("Исполнение")
    _widths(sheet, [60, 16, *(14 for _ in requirements), 12])
    sheet.freeze_panes = "C6"  # the header row and the school names stay in view
    sheet.append([_styled(sheet, f"Исполнение: {order.reference}", Font(bold=True, size=13))])
    sheet.append([order.title])
    sheet.append([f"По состоянию на {matrix.today:%d.%m.%Y}"])
    sheet.append([])
    sheet.append([
        _styled(sheet, text, bold, Alignment(wrap_text=True, vertical="top"))
        for text in ("Образовательная организация", "Тип", *(r.code for r in requirements), "Принято, %")
    ])
    for row in matrix.rows:
        sheet.append([row.school.name, row.school.kind.label,
                      *(cell_label(row.cells.get(r.id)) for r in requirements), row.percent_accepted])
    sheet.append([
        _styled(sheet, "Принято по требованию, %", bold), None,
        *(_styled(sheet, matrix.percent(r), bold) for r in requirements),
        _styled(sheet, matrix.totals.percent_accepted, bold),
    ])

    legend = workbook.create_sheet("Требования")
    _widths(legend, [14, 90, 12])
    legend.append([_styled(legend, text, bold) for text in ("Код", "Требование", "Принято, %")])
    for requirement in requirements:
        legend.append([requirement.code, requirement.title, matrix.percent(requirement)])

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _widths(sheet, widths: list[float]) -> None:
    """Column widths; a write-only sheet takes them before its first row."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _styled(sheet, value, font: Font | None = None, alignment: Alignment | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    return cell


def xlsx_filename(order: Order) -> str:
    """«Исполнение — письмо № 864.xlsx», without characters that file systems refuse."""
    number = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", order.number).strip() or str(order.id)
    return f"Исполнение — {order.doc_type.label} № {number}.xlsx"
