"""The domain of Reglament: models, states, permissions, operations, queries, forms and views."""
import email_validator

# Municipal networks often run mail on internal ``.local`` domains (the demo accounts do too);
# email_validator refuses that special-use domain unless told otherwise.
if "local" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("local")
