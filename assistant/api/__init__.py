"""The HTTP API: create_app() (app.py), the service contract (services.py), security and limits."""
