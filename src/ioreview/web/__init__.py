"""The web app and REST API (``create_app`` in ``ioreview.web.app``)."""
