"""The domain of Reglament: models, states, permissions, operations, queries, forms and views."""
