# Over 600 lines: one tab widget whose draft, versions and sending share the plan shown.
"""The case's safety plans: the draft being written, the versions issued, who has which.

Left, the sections of the plan's shape (family or personal) with whether each has
anything in it, in words and a mark; right, the chosen section: its help for the family,
and an editor for what it holds (points one per line, or a table of people, worries,
rules or differing views). The draft is saved as it is written: a moment after typing
stops, on leaving a cell or a section, and when leaving the tab or locking. When core
refuses it (a phone number with no digits, a rule kept by someone outside the safety
network) the message is shown and what was typed stays on screen.

Below, the issued versions, with what changed, who agreed and whom each was sent to, and
a line naming anyone who still holds an older version.

The section editors are ``editor.py``; the words for versions and holders ``versions.py``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import CaseStatus, PlanShape
from tac_desktop.core.practice.safety_plans import Contact, PlanContent
from tac_desktop.core.services import safety_plans
from tac_desktop.core.services.cases import CaseView
from tac_desktop.core.services.safety_plans import PlanSummary, PlanView, VersionView
from tac_desktop.core.vault import Vault
from tac_desktop.gui.documents.preview import DocumentPreview
from tac_desktop.gui.safety_plans.dialogs import (
    CompareDialog,
    IssueVersionDialog,
    NewPlanDialog,
    RecordSendDialog,
)
from tac_desktop.gui.safety_plans.editor import SectionEditor
from tac_desktop.gui.safety_plans.versions import VERSION_COLUMNS, holder_text, plan_label
from tac_desktop.gui.shared.a11y import tab_into
from tac_desktop.gui.shared.flow import FlowLayout
from tac_desktop.gui.shared.item_models import RowTableModel, format_date
from tac_desktop.gui.shared.progress import make_in_background

SAVE_DELAY_MS = 800
CLOSED_NOTE = (
    "This case is closed. Its safety plans can be read, compared and printed, but not changed."
)
NO_PLAN_NOTE = (
    "This case has no safety plan yet. “New plan…” starts one: a family safety plan, or a "
    "personal safety plan written with one young person."
)


def _now() -> str:
    return f"{datetime.now():%H:%M}"


class SafetyPlanTab(QWidget):
    """A case's safety plans: choose one, write its draft, issue and send versions."""

    saved = Signal(str)  # what was saved ("Safety plan draft"); the workspace adds the time
    failed = Signal(str)  # a plain message for the status line

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case: CaseView | None = None
        self.plan: PlanView | None = None
        self.summaries: list[PlanSummary] = []
        self.editors: list[SectionEditor] = []
        self.read_only = False
        self._sent: PlanContent | None = None  # the content last handed to core
        self.save_error = ""  # core's message when the draft on screen could not be saved
        self.draft_problems: list[str] = []  # saved, but to put right before issuing

        # Which plan
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Safety plan")
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser.setMinimumContentsLength(30)
        self.chooser.currentIndexChanged.connect(self._plan_chosen)
        chooser_label = QLabel("P&lan:")
        chooser_label.setBuddy(self.chooser)
        self.new_button = QPushButton("&New plan…")
        self.new_button.setToolTip("Start a family safety plan or a personal safety plan")
        self.new_button.clicked.connect(self.new_plan)
        self.save_state = QLabel()
        self.save_state.setAccessibleName("Draft saved")
        chooser_box = QWidget()  # the label stays beside its list when the row folds
        chooser_row = QHBoxLayout(chooser_box)
        chooser_row.setContentsMargins(0, 0, 0, 0)
        chooser_row.addWidget(chooser_label)
        chooser_row.addWidget(self.chooser, 1)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName("About the safety plans")
        self.note.setObjectName("banner")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName("Message")
        self.error.setObjectName("error")
        self.error.hide()

        # The draft: title, outline, section editors
        self.title = QLineEdit()
        self.title.setAccessibleName("Title of the plan")
        self.title.editingFinished.connect(self._save_title)
        title_label = QLabel("Titl&e:")
        title_label.setBuddy(self.title)
        self.draft_state = QLabel()
        self.draft_state.setAccessibleDescription("The draft")  # read by its text
        self.draft_state.setTextFormat(Qt.TextFormat.PlainText)
        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title, 1)
        title_row.addSpacing(12)
        title_row.addWidget(self.draft_state)

        self.outline = QListWidget()
        self.outline.setAccessibleName("Sections of the plan")
        self.outline.setWordWrap(True)
        self.outline.setSpacing(2)
        self.outline.setAlternatingRowColors(True)
        self.outline.currentRowChanged.connect(self._section_chosen)
        self.outline.itemActivated.connect(lambda _item: self._focus_editor())
        outline_label = QLabel("Secti&ons:")
        outline_label.setBuddy(self.outline)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(outline_label)
        left_layout.addWidget(self.outline, 1)
        self.stack = QStackedWidget()
        self.editor_split = QSplitter(Qt.Orientation.Horizontal)
        self.editor_split.addWidget(left)
        self.editor_split.addWidget(self.stack)
        self.editor_split.setStretchFactor(0, 1)
        self.editor_split.setStretchFactor(1, 3)
        self.editor_split.setChildrenCollapsible(False)
        self.editor_split.setSizes([220, 600])
        draft_box = QWidget()
        draft_layout = QVBoxLayout(draft_box)
        draft_layout.setContentsMargins(0, 6, 0, 0)
        draft_layout.addLayout(title_row)
        draft_layout.addWidget(self.editor_split, 1)
        # What the saved draft still needs before it can be issued, in core's words.
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setAccessibleName("To put right before issuing")
        self.problems.setObjectName("warning")
        self.problems.hide()
        draft_layout.addWidget(self.problems)

        # Versions
        self.versions_model: RowTableModel[VersionView] = RowTableModel(VERSION_COLUMNS, self)
        self.versions = QTableView()
        self.versions.setModel(self.versions_model)
        self.versions.setAccessibleName("Issued versions")
        self.versions.setTabKeyNavigation(False)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.verticalHeader().hide()
        self.versions.setWordWrap(True)
        self.versions.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.versions.horizontalHeader()
        for column in range(len(VERSION_COLUMNS)):
            wide = VERSION_COLUMNS[column].title in ("Why it changed", "Who agreed", "Sent to")
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch if wide else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.versions.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        versions_label = QLabel("Iss&ued versions:")
        versions_label.setBuddy(self.versions)
        self.issue_button = QPushButton("&Issue new version…")
        self.issue_button.setToolTip(
            "Make the draft the next version: say why it changed, who agreed it, and when it "
            "will be reviewed"
        )
        self.issue_button.clicked.connect(self.issue_version)
        self.send_button = QPushButton("&Record sending…")
        self.send_button.setToolTip("Record who was given the chosen version, when and how")
        self.send_button.clicked.connect(self.record_send)
        self.compare_button = QPushButton("C&ompare…")
        self.compare_button.setToolTip("What changed between two versions, or since the last one")
        self.compare_button.clicked.connect(self.compare)
        self.preview_button = QPushButton("&Preview / print…")
        self.preview_button.setToolTip("See the plan as it prints: the chosen version or the draft")
        self.preview_menu = QMenu(self.preview_button)
        self.preview_button.setMenu(self.preview_menu)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        self.holders = QLabel()
        self.holders.setWordWrap(True)
        self.holders.setTextFormat(Qt.TextFormat.PlainText)
        self.holders.setAccessibleDescription("Who holds an older version")  # read by its text
        versions_box = QWidget()
        versions_layout = QVBoxLayout(versions_box)
        versions_layout.addWidget(versions_label)
        versions_layout.addWidget(self.versions, 1)
        versions_layout.addLayout(buttons)

        # The draft and the versions each get the tab's full height; what matters most
        # (who still holds an old version, a draft that could not be saved) stays above.
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(draft_box, "Wor&king draft")
        self.pages.addTab(versions_box, "&Versions and sending")
        self.pages.currentChanged.connect(lambda _index: self.save_draft())
        # One row, folding on to more lines when the case is narrow (2× text).
        top = FlowLayout()
        for widget in (
            chooser_box,
            self.new_button,
            self.issue_button,
            self.preview_button,
            self.save_state,
        ):
            top.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.holders)
        layout.addWidget(self.pages, 1)
        self.spare = QWidget()  # takes the height while there is no plan to show
        layout.addWidget(self.spare, 1)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(SAVE_DELAY_MS)
        self._typing.timeout.connect(self.save_draft)
        self._show_plan(None)

    # -- showing ---------------------------------------------------------------------

    def show_case(self, case: CaseView) -> None:
        same_case = self.case is not None and self.case.id == case.id
        self.finish_editing()
        self.case = case
        self.read_only = case.status is not CaseStatus.OPEN
        keep = self.plan.id if same_case and self.plan is not None else None
        self.reload(keep)

    def reload(self, select: int | None = None) -> None:
        """Read the case's plans again and show ``select`` (or the first)."""
        if self.case is None:
            return
        try:
            self.summaries = safety_plans.case_plans(self.vault, self.case.id)
        except TacError as error:
            self.failed.emit(str(error))
            return
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for summary in self.summaries:
            self.chooser.addItem(plan_label(summary), summary.id)
        chosen = self.chooser.findData(select) if select is not None else 0
        self.chooser.setCurrentIndex(max(chosen, 0) if self.summaries else -1)
        self.chooser.blockSignals(False)
        self._load(self.chooser.currentData())

    def _plan_chosen(self, _index: int) -> None:
        self.finish_editing()
        self._load(self.chooser.currentData())

    def _load(self, plan_id: int | None) -> None:
        plan = None
        if plan_id is not None:
            try:
                plan = safety_plans.get_plan(self.vault, plan_id)
            except TacError as error:
                self.failed.emit(str(error))
        self._show_plan(plan)

    def _own_words_of(self, plan: PlanView) -> str:
        if plan.shape is not PlanShape.PERSONAL or self.case is None:
            return ""
        person = next((p for p in self.case.people if p.id == plan.for_person_id), None)
        if person is None:
            return plan.for_name
        return person.preferred_name or person.name

    def _show_plan(self, plan: PlanView | None) -> None:
        before = self.plan
        editor = self.current_editor()
        same = before is not None and plan is not None and before.id == plan.id
        keep = editor.section.key if editor is not None and same else ""
        version = self.chosen_version() if same else None
        self.plan = plan
        self._sent = plan.draft if plan is not None else None
        self.save_error = ""
        self.error.hide()
        self.save_state.setText("")
        self._show_problems(plan)
        for editor in self.editors:
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.editors = []
        self.outline.blockSignals(True)
        self.outline.clear()
        if plan is not None:
            own_words_of = self._own_words_of(plan)
            for number, section in enumerate(plan.sections, start=1):
                editor = SectionEditor(section, number, own_words_of)
                editor.set_entries(plan.draft.entries(section.key))
                editor.set_read_only(self.read_only or not plan.case_open)
                editor.edited.connect(lambda e=editor: self._edited(e))
                self.stack.addWidget(editor)
                self.editors.append(editor)
                item = QListWidgetItem()
                self.outline.addItem(item)
                self._show_state(number - 1)
            self.title.setText(plan.title)
        else:
            self.title.clear()
        self.outline.blockSignals(False)
        tab_into(self.outline, self.stack)  # Tab: sections, then the section's editor
        self._show_network()
        if self.editors:
            row = next((n for n, e in enumerate(self.editors) if e.section.key == keep), 0)
            self.outline.setCurrentRow(row)
            self.stack.setCurrentIndex(row)
        self.pages.setVisible(plan is not None)
        self.spare.setVisible(plan is None)
        self.title.setReadOnly(self.read_only)
        self._show_versions(version.number if version is not None else None)
        self._show_note()
        self._enable()

    def _show_note(self) -> None:
        if self.read_only:
            self.note.setText(CLOSED_NOTE)
        elif self.plan is None:
            self.note.setText(NO_PLAN_NOTE)
        self.note.setVisible(self.read_only or self.plan is None)

    def _show_state(self, row: int) -> None:
        item = self.outline.item(row)
        editor = self.editors[row]
        mark, words = editor.state()
        title = editor.section.title
        item.setText(f"{row + 1}. {title}\n{mark} {words}")
        item.setToolTip(f"Section {row + 1}, {title}: {words}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Section {row + 1}, {title}: {words}")

    def _show_network(self) -> None:
        network = next((e for e in self.editors if e.section.key == "network"), None)
        if network is None:
            return
        names = [e.name for e in network.entries() if isinstance(e, Contact) and e.name.strip()]
        for editor in self.editors:
            editor.set_network([n.strip() for n in names])

    def _show_versions(self, keep: int | None = None) -> None:
        """The versions, newest first; version ``keep`` chosen, else the newest."""
        plan = self.plan
        versions = plan.versions if plan is not None else []
        self.versions_model.set_rows(list(reversed(versions)))
        if versions:
            number = keep if keep is not None else versions[-1].number
            row = next((i for i, v in enumerate(self.versions_model.rows) if v.number == number), 0)
            self.versions.setCurrentIndex(self.versions_model.index(row, 0))
        self._show_holders()
        self._show_draft_state()
        self._fill_preview_menu()

    def _show_holders(self) -> None:
        plan = self.plan
        text, warn = "", False
        if plan is not None and plan.latest is not None:
            try:
                holders = safety_plans.holders_of_older_versions(self.vault, plan.id)
            except TacError as error:
                holders = []
                self.failed.emit(str(error))
            latest = plan.latest
            if holders:
                warn = True
                text = "⚠ Still holding an older version: " + "; ".join(
                    holder_text(h) for h in holders
                )
                text += f". Send them version {latest.number} and record it here."
            elif not latest.sends:
                text = f"Version {latest.number} has not been recorded as sent to anyone yet."
            else:
                text = f"✓ Everyone it was sent to has the latest version ({latest.number})."
        self.holders.setText(text)
        self.holders.setObjectName("warning" if warn else "")
        self.holders.style().unpolish(self.holders)
        self.holders.style().polish(self.holders)
        self.holders.setVisible(bool(text))

    def _show_draft_state(self) -> None:
        plan = self.plan
        if plan is None:
            self.draft_state.setText("")
            return
        latest = plan.latest
        if latest is None:
            text = "Draft, not issued yet"
        elif plan.draft_changed:
            text = f"Draft: changed since version {latest.number}"
        else:
            text = f"Draft: the same as version {latest.number}"
        self.draft_state.setText(text)

    def _fill_preview_menu(self) -> None:
        self.preview_menu.clear()
        plan = self.plan
        if plan is None:
            return
        draft = self.preview_menu.addAction("The &draft (marked DRAFT)…")
        draft.triggered.connect(lambda: self.preview(None))
        for version in reversed(plan.versions):
            action = self.preview_menu.addAction(
                f"Version &{version.number}, issued {format_date(version.issued_on)}…"
            )
            action.triggered.connect(lambda _=False, n=version.number: self.preview(n))

    def _enable(self) -> None:
        plan = self.plan
        editable = plan is not None and plan.case_open and not self.read_only
        self.new_button.setEnabled(self.case is not None and not self.read_only)
        self.issue_button.setEnabled(editable)
        self.send_button.setEnabled(editable and self.chosen_version() is not None)
        self.compare_button.setEnabled(plan is not None and bool(plan.versions))
        self.preview_button.setEnabled(plan is not None)
        self.chooser.setEnabled(bool(self.summaries))

    def chosen_version(self) -> VersionView | None:
        return self.versions_model.row_at(self.versions.currentIndex())

    # -- sections --------------------------------------------------------------------

    def current_editor(self) -> SectionEditor | None:
        row = self.outline.currentRow()
        return self.editors[row] if 0 <= row < len(self.editors) else None

    def _section_chosen(self, row: int) -> None:
        if 0 <= row < len(self.editors):
            self.save_draft()  # leaving a section keeps what was written in it
            self.stack.setCurrentIndex(row)

    def _focus_editor(self) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.focus_editor()

    def go_to_section(self, key: str) -> SectionEditor | None:
        for row, editor in enumerate(self.editors):
            if editor.section.key == key:
                self.outline.setCurrentRow(row)
                return editor
        return None

    # -- saving ----------------------------------------------------------------------

    def _edited(self, editor: SectionEditor) -> None:
        if self.plan is None or self.read_only:
            return
        self._show_state(self.editors.index(editor))
        if editor.section.key == "network":
            self._show_network()
        self.save_state.setText("Saving…")
        self._typing.start()

    def content(self) -> PlanContent:
        """What the editors hold now, as typed."""
        return PlanContent({e.section.key: e.entries() for e in self.editors})

    def save_draft(self) -> bool:
        """Hand the draft on screen to core; False (with core's message shown) if refused."""
        self._typing.stop()
        plan = self.plan
        if plan is None or self.read_only or not plan.case_open:
            return True
        for editor in self.editors:
            editor.commit_open_editor()
        content = self.content()
        if self._sent is not None and content == self._sent:
            if not self.save_error:
                self.save_state.setText(self.save_state.text().replace("Saving…", ""))
            return not self.save_error
        self._sent = content
        try:
            kept = safety_plans.save_draft(self.vault, plan.id, content)
        except TacError as error:
            self.save_error = str(error)
            self.error.setText(
                f"Not saved yet: {error} What you typed is still here; once it is "
                "corrected the draft is saved."
            )
            self.error.show()
            self.save_state.setText("⚠ Not saved")
            self.failed.emit(f"Safety plan not saved: {error}")
            return False
        self.save_error = ""
        self.error.hide()
        self.plan = replace(plan, draft=kept)
        self._show_problems(self.plan)
        self.save_state.setText(f"Saved at {_now()}")
        self._show_draft_state()
        self.saved.emit("Safety plan draft")
        return True

    def _show_problems(self, plan: PlanView | None) -> None:
        """Under the editor: what the saved draft still needs before it can be issued."""
        problems: list[str] = []
        if plan is not None and plan.case_open and not self.read_only:
            problems = safety_plans.draft_problems(plan.shape, plan.draft)
        self.draft_problems = problems
        self.problems.setText(
            "⚠ Saved as typed, but to put right before issuing it:\n"
            + "\n".join(f"• {problem}" for problem in problems)
            if problems
            else ""
        )
        self.problems.setVisible(bool(problems))

    def _save_title(self) -> None:
        plan = self.plan
        if plan is None or self.read_only or not plan.case_open:
            return
        title = self.title.text()
        if title.strip() == plan.title:
            return
        try:
            safety_plans.set_title(self.vault, plan.id, title)
        except TacError as error:
            self.error.setText(f"Title not saved: {error}")
            self.error.show()
            self.failed.emit(f"Title not saved: {error}")
            return
        self.error.setVisible(bool(self.save_error))
        self.plan = replace(plan, title=title.strip())
        index = self.chooser.currentIndex()
        summary = next((s for s in self.summaries if s.id == plan.id), None)
        if summary is not None and index >= 0:
            self.summaries[index] = replace(summary, title=title.strip())
            self.chooser.setItemText(index, plan_label(self.summaries[index]))
        self.save_state.setText(f"Saved at {_now()}")
        self._show_draft_state()
        self.saved.emit("Safety plan title")

    def finish_editing(self) -> None:
        """Save anything still waiting (leaving the tab or the case, locking)."""
        if self.plan is None:
            return
        if self.title.isModified() or self.title.text().strip() != self.plan.title:
            self._save_title()
            self.title.setModified(False)
        self.save_draft()

    def hideEvent(self, event: QHideEvent) -> None:
        self.finish_editing()
        super().hideEvent(event)

    # -- actions ---------------------------------------------------------------------

    def new_plan(self) -> None:
        if self.case is None or self.read_only:
            return
        self.finish_editing()
        dialog = NewPlanDialog(self.vault, self.case, self)
        if dialog.exec() and dialog.created_id is not None:
            self.reload(dialog.created_id)
            self.saved.emit("New safety plan")
            self._focus_editor()

    def _ready(self, title: str) -> bool:
        """Everything on screen is in the vault; otherwise say what stops it."""
        self.finish_editing()
        if self.save_error:
            QMessageBox.information(
                self,
                title,
                f"The draft on screen could not be saved: {self.save_error}\n\nCorrect it "
                "first, so the version says what you see.",
            )
            return False
        return True

    def issue_version(self) -> None:
        plan = self.plan
        if (
            plan is None
            or not self.issue_button.isEnabled()
            or not self._ready("Issue new version")
        ):
            return
        plan = self.plan
        assert plan is not None
        if self.draft_problems:
            QMessageBox.information(
                self, "Issue new version", safety_plans.problems_refusal(self.draft_problems)
            )
            return
        try:
            changes = safety_plans.draft_changes(self.vault, plan.id)
        except TacError as error:
            QMessageBox.warning(self, "Issue new version", str(error))
            return
        dialog = IssueVersionDialog(self.vault, plan, changes, self)
        if dialog.exec():
            self._after_change(plan.id)
            if self.versions_model.rowCount():
                self.versions.setCurrentIndex(self.versions_model.index(0, 0))  # the new one
            self.saved.emit("New version of the safety plan")

    def record_send(self) -> None:
        plan, version = self.plan, self.chosen_version()
        if plan is None or version is None or self.case is None or self.read_only:
            return
        self.finish_editing()
        dialog = RecordSendDialog(self.vault, plan, self.case, version.number, self)
        if dialog.exec():
            self._after_change(plan.id)
            self.saved.emit("Sending of the safety plan")

    def _after_change(self, plan_id: int) -> None:
        """Read the plan again after a version or a send, keeping the screen's draft."""
        self.reload(plan_id)
        latest = self.plan.latest if self.plan is not None else None
        if latest is not None:
            self.save_state.setText(f"Saved at {_now()}")

    def compare(self) -> None:
        plan = self.plan
        if plan is None or not plan.versions:
            return
        self.finish_editing()
        plan = self.plan
        assert plan is not None
        CompareDialog(self.vault, plan, self).exec()

    def preview(self, version: int | None) -> None:
        """The plan as it prints (the draft is marked DRAFT by core), to print or save."""
        plan = self.plan
        if plan is None:
            return
        if version is None and not self._ready("Preview the draft"):
            return
        try:
            pending = safety_plans.prepare_safety_plan(
                self.vault, plan.id, version, draft=version is None
            )
            document = make_in_background(
                self, "Preview", pending.document, "Making the safety plan…"
            )
        except TacError as error:
            QMessageBox.warning(self, "Preview", str(error))
            return
        if document is None:  # cancelled: nothing was made
            return
        DocumentPreview(self.vault, document, self).exec()
