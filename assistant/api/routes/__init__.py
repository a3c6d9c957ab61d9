"""The API's routes, one module per area: answers, documents, figures, admin, health."""
