"""«Kom i gang»: the three first steps on a new file (the company, the services it uses, the activities), each a
link to its page and ticked when done. The overview shows it until all three are done."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ui.i18n import tr
from ui.pages import Retranslatable, bold, hint, push_button

if TYPE_CHECKING:
    from ropa_app.register import Register

STEPS = (("organisation", "ui.start.step.organisation"), ("catalogue", "ui.start.step.catalogue"),
         ("activities", "ui.start.step.activities"))
LINK_STYLE = ("QPushButton { color: #1a0dab; text-decoration: underline; border: none; padding: 0; text-align: left; }"
              "QPushButton:focus { outline: 1px dotted #1a0dab; }")
STYLE = "QFrame#gettingStarted { background: #e8f0fe; border: 1px solid #aecbfa; border-radius: 6px; }"


def steps_done(register: Register, adopted: int) -> dict[str, bool]:
    """Which of the three steps are done: the company named and without mandatory gaps, at least one service in
    use, and at least one activity with no mandatory gap left."""
    mandatory = register.mandatory_gaps
    return {
        "organisation": bool(register.organisation.name.strip())
        and not any(g.field.startswith("organisation.") for g in mandatory),
        "catalogue": adopted > 0,
        "activities": bool(register.entries) and not any(g.activity_id is not None for g in mandatory),
    }


class GettingStarted(Retranslatable, QFrame):
    """The panel; ``pageRequested`` asks for a page when a step's link is followed (click, or Tab and Enter)."""

    pageRequested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("gettingStarted")
        self.setStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.heading = bold(QLabel(), 1.2)
        self.tr_text(self.heading.setText, "ui.start.heading")
        layout.addWidget(self.heading)
        self.intro = hint("")
        self.tr_text(self.intro.setText, "ui.start.intro")
        layout.addWidget(self.intro)
        self.steps: dict[str, QPushButton] = {}
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        for page, key in STEPS:
            row = QHBoxLayout()
            row.setSpacing(6)
            mark = QLabel()
            mark.setFixedWidth(22)
            link = push_button()  # a button that looks like a link: Tab, Enter and Alt+letter
            self.tr_text(link.setText, f"{key}.link")
            link.setObjectName(f"step_{page}")
            link.setFlat(True)
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.setStyleSheet(LINK_STYLE)
            link.clicked.connect(lambda _=False, p=page: self.pageRequested.emit(p))
            text = hint("")
            row.addWidget(mark)
            row.addWidget(link)
            row.addWidget(text, 1)
            layout.addLayout(row)
            self.steps[page], self.marks[page], self.texts[page] = link, mark, text
        self.done: dict[str, bool] = {page: False for page, _key in STEPS}

    def set_done(self, done: dict[str, bool]) -> None:
        self.done = dict(done)
        for page, key in STEPS:
            self.marks[page].setText(f'<span style="color:{"#2e7d32" if done[page] else "#5f6368"}; '
                                     f'font-size:large">{"✔" if done[page] else "○"}</span>')
            self.texts[page].setText(tr(key) + (f" ({tr('ui.start.done')})" if done[page] else ""))
            self.steps[page].setAccessibleName(tr(f"{key}.link").replace("&", "")
                                               + (f" ({tr('ui.start.done')})" if done[page] else ""))
