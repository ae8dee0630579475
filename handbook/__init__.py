"""Offline handbook on bone marrow failure: a Qt-free core and a thin PySide6 window."""

__version__ = "0.1.0"
APP_NAME = "Bone Marrow Failure Handbook"
ORG_NAME = "BMF Handbook"
