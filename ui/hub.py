"""One signal hub: the session announces what changed, pages and models listen. Widgets never call each other."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SignalHub(QObject):
    fileOpened = Signal()  # a new Store is in the session
    organisationChanged = Signal()
    activitiesChanged = Signal()  # added, removed, or their list of services changed
    activityChanged = Signal(int)  # one activity's fields changed
    servicesChanged = Signal()  # adopted / dropped / DPA reference / recipient resolution
    processorChanged = Signal()  # the company's processor role (art. 30(2)): controllers served, sub-processors
    registerChanged = Signal()  # anything in the register changed: rebuild gaps and counts
    languageChanged = Signal(str)
    navigateRequested = Signal(str, object, str)  # page key, activity id or None, field name
    statusMessage = Signal(str)
    historyApplied = Signal(str, object)  # "undo" or "redo", the command that was undone or redone
