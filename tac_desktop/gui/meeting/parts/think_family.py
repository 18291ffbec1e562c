"""Think Family: for each person in the family network, the questions the rules ask
(core's ``practice.think_family``), each answered with a reason and what follows. A "yes"
that starts a safeguarding procedure asks for a same-day referral, confirmed here."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.practice.think_family import (
    QUESTION_BY_KEY,
    SAME_DAY_PROCEDURES,
    ActorKind,
    Answer,
    FollowUp,
    Procedure,
    Role,
    needs_follow_up,
)
from tac_desktop.core.services import cases, meetings
from tac_desktop.core.services.cases import PersonDraft
from tac_desktop.core.services.meetings import (
    Actor,
    ConsiderationAnswer,
    ConsiderationView,
    MeetingView,
    MissingItem,
)
from tac_desktop.core.vault import Vault
from tac_desktop.gui.meeting.parts.base import Debounce, PartWidget, long_date, now_text, set_text
from tac_desktop.gui.shared.person_dialog import PersonDialog
from tac_desktop.gui.shared.widgets import buddy, text_box

KEY_ROLE = Qt.ItemDataRole.UserRole + 10

ROLE_LABELS = {
    Role.SUBJECT_CHILD: "the child the meeting is about",
    Role.OTHER_CHILD: "another child in the household",
    Role.ADULT_AROUND_CHILD: "an adult around the child",
    Role.SUBJECT_ADULT: "the adult the meeting is about",
    Role.CHILD_OF_SUBJECT_ADULT: "a child in the family",
    Role.ADULT_IN_FAMILY: "another adult in the family",
}

# The grid is narrow: short names there, the full label in the editor.
SHORT_PROCEDURE = {
    Procedure.CHILD_PROTECTION: "child protection",
    Procedure.ADULT_SAFEGUARDING: "adult safeguarding",
    Procedure.MARAC: "MARAC",
    Procedure.ADULT_SERVICES: "adult services",
    Procedure.EARLY_HELP: "early help",
    Procedure.OTHER: "another service",
}


RowKey = tuple[int | None, str, str]  # person id, name (for people who left), question key


def row_key(c: ConsiderationView) -> RowKey:
    return (c.person_id, "" if c.person_id is not None else c.person_name, c.question_key)


def group_key(c: ConsiderationView) -> tuple[int | None, str]:
    return (c.person_id, "" if c.person_id is not None else c.person_name)


def actor_key(actor: Actor | None) -> str:
    """How a choice of who acts is kept in the list (a plain string Qt can compare)."""
    if actor is None:
        return ""
    return f"{actor.kind.value}:{'' if actor.id is None else actor.id}"


def key_actor(key: str) -> Actor | None:
    if not key:
        return None
    kind, _sep, number = key.partition(":")
    return Actor(ActorKind(kind), int(number) if number else None)


def still_needed(c: ConsiderationView, missing: MissingItem | None) -> str:
    """A few words for the grid; the full sentence is in the tooltip."""
    if missing is None:
        return "Done" if c.answer is not None else ""
    if c.answer is None:
        return "Answer needed"
    if not c.reason.strip():
        return "Reason needed"
    if c.follow_up is None:
        return "Say what follows"
    if not c.follow_up_detail.strip():
        return "Describe what follows"
    if c.follow_up is FollowUp.REFERRAL and c.procedure is None:
        return "Name the procedure"
    if c.needs_actor and (c.actor is None or not c.actor_on_case):
        return "Name who does it"
    if c.trigger is not None and not c.referral_confirmed:
        return "Confirm the referral"
    return "Needs attention"


def follows_text(c: ConsiderationView) -> str:
    if c.answer is None or not needs_follow_up(c.answer) or c.follow_up is None:
        return ""
    who = f" · {c.who_acts}" if c.needs_actor and c.who_acts else ""
    if c.follow_up is FollowUp.REFERRAL:
        text = f"Referral: {SHORT_PROCEDURE[c.procedure]}" if c.procedure else "Referral"
        if c.referral_confirmed:
            text += " (confirmed)"
        return text + who
    words = {FollowUp.ACTION: "An action", FollowUp.NO_ACTION: "Decided not to act"}.get(
        c.follow_up, c.follow_up.label
    )
    return words + who


class ThinkFamilyPart(PartWidget):
    COLUMNS = ("Person and question", "Answer", "What follows", "Still needed")

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self._rows: dict[RowKey, ConsiderationView] = {}
        self._structure: list[tuple[tuple[int | None, str], list[RowKey]]] = []
        self._editing: RowKey | None = None
        self._save_later = Debounce(self._save, self)

        self.add_person_button = QPushButton("&Add a family member…")
        self.add_person_button.setToolTip(
            "Someone new comes up in the meeting: add them to the family network and "
            "their Think Family questions appear here."
        )
        self.add_person_button.clicked.connect(self.add_family_member)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # narrow pages (twice the text size) fold it
        self.summary.setAccessibleDescription("Think Family progress")  # read by its text

        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Think Family questions")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(160)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)
        top = QHBoxLayout()
        top.addWidget(buddy("&Questions for each person:", self.tree))
        top.addSpacing(8)
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_person_button)

        # The editor for the chosen question.
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setAccessibleDescription("Question")  # read by its text
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.yes = QRadioButton("&Yes")
        self.no = QRadioButton("&No")
        self.not_known = QRadioButton("No&t known")
        self.answers = QButtonGroup(self)
        answers_row = QHBoxLayout()
        for button, answer in ((self.yes, Answer.YES), (self.no, Answer.NO)):
            button.setAccessibleName(f"Answer {answer.label}")
        self.not_known.setAccessibleName("Answer Not known")
        for number, button in enumerate((self.yes, self.no, self.not_known)):
            self.answers.addButton(button, number)
            answers_row.addWidget(button)
        answers_row.addStretch(1)
        self.answers.idToggled.connect(self._answer_toggled)
        self.reason = text_box("Reason for the answer", 2, "Why the team gave this answer.")
        self.reason.textChanged.connect(self._typed)
        self.follow_up = QComboBox()
        self.follow_up.setAccessibleName("What follows")
        self.follow_up.setPlaceholderText("Choose what follows")
        for kind in FollowUp:
            self.follow_up.addItem(kind.label, kind)
        self.follow_up.currentIndexChanged.connect(self._follow_up_chosen)
        self.procedure = QComboBox()
        self.procedure.setAccessibleName("Procedure for the referral")
        self.procedure.setPlaceholderText("Choose the procedure")
        for procedure in Procedure:
            self.procedure.addItem(procedure.label, procedure)
        self.procedure.currentIndexChanged.connect(self._chosen)
        self.detail = text_box(
            "Detail of what follows", 2, "What will be done, or why the team decided not to act."
        )
        self.detail.textChanged.connect(self._typed)
        # Who does the action or referral: someone on the case, or the chair. Nobody is
        # chosen until the chair chooses; the task becomes theirs when the meeting is
        # finalised.
        self.actor = QComboBox()
        self.actor.setAccessibleName("Who does it")
        self.actor.setPlaceholderText("Choose who does it")
        self.actor.currentIndexChanged.connect(self._chosen)
        self._actors_for: int | None = None  # the case whose people the list holds
        self.trigger_note = QLabel()
        self.trigger_note.setObjectName("warning")
        self.trigger_note.setWordWrap(True)
        self.trigger_note.setAccessibleName("Safeguarding procedure")
        self.confirm_button = QPushButton("Confirm same-day referra&l…")
        self.confirm_button.clicked.connect(self.confirm_referral)
        trigger_row = QHBoxLayout()
        trigger_row.addWidget(self.trigger_note, 1)
        trigger_row.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleDescription("About this answer")

        form = QFormLayout()
        form.addRow(self.question)
        form.addRow("Answer:", answers_row)
        form.addRow(buddy("&Reason:", self.reason), self.reason)
        form.addRow(buddy("What follo&ws:", self.follow_up), self.follow_up)
        form.addRow(buddy("&Procedure:", self.procedure), self.procedure)
        form.addRow(buddy("&Detail:", self.detail), self.detail)
        form.addRow(buddy("Who doe&s it:", self.actor), self.actor)
        form.addRow(trigger_row)
        form.addRow(self.note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self._fill(None)

    def editors(self) -> list[QWidget]:
        return [
            self.add_person_button,
            self.yes,
            self.no,
            self.not_known,
            self.reason,
            self.follow_up,
            self.procedure,
            self.detail,
            self.actor,
            self.confirm_button,
        ]

    def set_read_only(self, read_only: bool) -> bool:
        changed = super().set_read_only(read_only)
        if changed:
            self._save_later.flush()
            self._fill(self._rows.get(self._editing) if self._editing else None)
        return changed

    # -- the grid --------------------------------------------------------------------

    def _load_actors(self, view: MeetingView) -> None:
        """The people who can be named to act: the case's professionals and agencies,
        and the chair (read once per case; again when someone joins or leaves it)."""
        try:
            choices = meetings.actor_choices(self.vault, view.case_id)
        except TacError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        wanted = [(c.label, actor_key(c.actor)) for c in choices]
        have = [(self.actor.itemText(i), self.actor.itemData(i)) for i in range(self.actor.count())]
        if wanted == have and self._actors_for == view.case_id:
            return
        self._actors_for = view.case_id
        self.actor.blockSignals(True)
        chosen = self.actor.currentData()
        self.actor.clear()
        for label, key in wanted:
            self.actor.addItem(label, key)
        self.actor.setCurrentIndex(self.actor.findData(chosen) if chosen else -1)
        self.actor.blockSignals(False)

    def show_view(self, view: MeetingView) -> None:
        super().show_view(view)
        self._load_actors(view)
        missing = {(m.person_id, m.question_key): m for m in view.missing if m.question_key}
        rows = view.considerations
        self._rows = {row_key(c): c for c in rows}
        structure: dict[tuple[int | None, str], list[RowKey]] = {}
        for c in rows:
            structure.setdefault(group_key(c), []).append(row_key(c))
        layout = list(structure.items())
        if layout != self._structure:
            self._rebuild(layout)
        by_group: dict[tuple[int | None, str], list[ConsiderationView]] = {}
        for c in rows:
            by_group.setdefault(group_key(c), []).append(c)
        for group_number, (group, _keys) in enumerate(layout):
            parent = self.model.item(group_number, 0)
            members = by_group[group]
            first = members[0]
            left = "" if first.still_on_case else " · has left the case"
            parent.setText(f"{first.person_name} · {ROLE_LABELS[first.role]}{left}")
            done = sum(1 for c in members if (c.person_id, c.question_key) not in missing)
            answered = sum(1 for c in members if c.answer is not None)
            self.model.item(group_number, 3).setText(
                f"{done} of {len(members)} done" if first.still_on_case else f"{answered} kept"
            )
            for number, c in enumerate(members):
                item = missing.get((c.person_id, c.question_key))
                texts = (
                    c.question_text,
                    c.answer.label if c.answer else "",
                    follows_text(c),
                    still_needed(c, item) if c.still_on_case else "Kept as recorded",
                )
                for column, text in enumerate(texts):
                    cell = parent.child(number, column)
                    if cell.text() != text:
                        cell.setText(text)
                    cell.setToolTip(item.message if item else c.question_text)
        total = len(rows)
        done = sum(1 for c in rows if (c.person_id, c.question_key) not in missing)
        self.summary.setText(
            f"{done} of {total} questions done, for {len(layout)} people."
            if total
            else "Nobody in the family network fits the Think Family rules yet."
        )
        if self._editing is not None and self._editing not in self._rows:
            self._fill(None)
        elif self._editing is not None:
            self._refresh_derived(self._rows[self._editing])
        elif not self.tree.currentIndex().isValid() and layout:
            self.select(layout[0][1][0])

    def _rebuild(self, layout: list[tuple[tuple[int | None, str], list[RowKey]]]) -> None:
        keep = self._editing
        self.tree.selectionModel().blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        for group, keys in layout:
            parent = [QStandardItem("") for _ in self.COLUMNS]
            for cell in parent:
                cell.setData(None, KEY_ROLE)
            font = parent[0].font()
            font.setBold(True)
            parent[0].setFont(font)
            parent[0].setData(group, KEY_ROLE + 1)
            for key in keys:
                cells = [QStandardItem("") for _ in self.COLUMNS]
                for cell in cells:
                    cell.setData(key, KEY_ROLE)
                parent[0].appendRow(cells)
            self.model.appendRow(parent)
        self._structure = layout
        self.tree.expandAll()
        self.tree.selectionModel().blockSignals(False)
        if keep is not None and keep in self._rows:
            self.tree.selectionModel().blockSignals(True)
            self.select(keep)
            self.tree.selectionModel().blockSignals(False)

    def _index_of(self, key: RowKey) -> QModelIndex | None:
        for group_number in range(self.model.rowCount()):
            parent = self.model.item(group_number, 0)
            for number in range(parent.rowCount()):
                if parent.child(number, 0).data(KEY_ROLE) == key:
                    return self.model.indexFromItem(parent.child(number, 0))
        return None

    def select(self, key: RowKey) -> bool:
        index = self._index_of(key)
        if index is None:
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def select_question(self, person_id: int | None, question_key: str) -> bool:
        key = next(
            (k for k in self._rows if k[0] == person_id and k[2] == question_key),
            None,
        )
        return key is not None and self.select(key)

    def focus_item(self, item: MissingItem) -> bool:
        if not item.question_key or not self.select_question(item.person_id, item.question_key):
            return False
        c = self._rows[self._editing] if self._editing else None
        if c is None:
            return True
        if c.answer is None:
            self.yes.setFocus()
        elif not c.reason.strip():
            self.reason.setFocus()
        elif c.follow_up is None:
            self.follow_up.setFocus()
        elif not c.follow_up_detail.strip():
            self.detail.setFocus()
        elif c.follow_up is FollowUp.REFERRAL and c.procedure is None:
            self.procedure.setFocus()
        elif c.needs_actor and (c.actor is None or not c.actor_on_case):
            self.actor.setFocus()
        elif self.confirm_button.isEnabled():
            self.confirm_button.setFocus()
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        if key == self._editing:
            return
        self._save_later.flush()
        self._fill(self._rows.get(key) if key is not None else None)

    # -- the editor ------------------------------------------------------------------

    def _answer(self) -> Answer | None:
        return {0: Answer.YES, 1: Answer.NO, 2: Answer.NOT_KNOWN}.get(self.answers.checkedId())

    def _fill(self, c: ConsiderationView | None) -> None:
        self._editing = row_key(c) if c else None
        widgets: list[QObject] = [self.answers, self.follow_up, self.procedure, self.actor]
        for widget in widgets:
            widget.blockSignals(True)
        self.answers.setExclusive(False)
        for button in (self.yes, self.no, self.not_known):
            button.setChecked(False)
        self.answers.setExclusive(True)
        if c is not None and c.answer is not None:
            {Answer.YES: self.yes, Answer.NO: self.no, Answer.NOT_KNOWN: self.not_known}[
                c.answer
            ].setChecked(True)
        self.follow_up.setCurrentIndex(
            self.follow_up.findData(c.follow_up) if c and c.follow_up else -1
        )
        self.procedure.setCurrentIndex(
            self.procedure.findData(c.procedure) if c and c.procedure else -1
        )
        # Whoever this answer named, or nobody: never the last answer's choice.
        self.actor.setCurrentIndex(
            self.actor.findData(actor_key(c.actor)) if c and c.actor and c.actor_on_case else -1
        )
        for widget in widgets:
            widget.blockSignals(False)
        set_text(self.reason, c.reason if c else "")
        set_text(self.detail, c.follow_up_detail if c else "")
        if c is None:
            self.question.setText("Choose a question in the list above.")
        else:
            self.question.setText(f"{c.person_name}: {c.question_text}")
        self._update_enabled()
        if c is not None:
            self._refresh_derived(c)
        else:
            self.trigger_note.hide()
            self.confirm_button.hide()
            self.note.setText("")

    def _editable(self) -> bool:
        c = self._rows.get(self._editing) if self._editing else None
        return c is not None and c.still_on_case and c.person_id is not None and not self.read_only

    def _update_enabled(self) -> None:
        editable = self._editable()
        answer = self._answer()
        follows = editable and needs_follow_up(answer)
        c = self._rows.get(self._editing) if self._editing else None
        forced = c is not None and c.trigger is not None and answer is Answer.YES
        for button in (self.yes, self.no, self.not_known):
            button.setEnabled(editable)
        self.reason.setReadOnly(not (editable and answer is not None))
        self.reason.setEnabled(c is not None)
        self.follow_up.setEnabled(follows and not forced)
        is_referral = self.follow_up.currentData() is FollowUp.REFERRAL
        self.procedure.setEnabled(follows and is_referral and not forced)
        self.detail.setReadOnly(not follows)
        self.detail.setEnabled(c is not None and needs_follow_up(answer))
        acts = self.follow_up.currentData() in (FollowUp.ACTION, FollowUp.REFERRAL)
        self.actor.setEnabled(follows and acts)

    def _refresh_derived(self, c: ConsiderationView) -> None:
        """What follows from the saved answer: the procedure notice, the due date."""
        trigger = c.trigger if c.answer is Answer.YES else None
        if trigger is not None:
            if c.referral_confirmed:
                text = f"Same-day referral confirmed: {trigger.label}, by {c.who_acts}."
            elif c.actor is None:
                text = (
                    f"A “yes” here starts {trigger.label}: a referral today. Say who makes "
                    "it, then confirm it."
                )
            else:
                text = (
                    f"A “yes” here starts {trigger.label}: a referral today by "
                    f"{c.who_acts}. Confirm it once it is agreed."
                )
            self.trigger_note.setText(text)
            self.trigger_note.show()
            self.confirm_button.show()
            self.confirm_button.setEnabled(
                not c.referral_confirmed
                and not self.read_only
                and c.still_on_case
                and c.actor is not None
            )
        else:
            self.trigger_note.hide()
            self.confirm_button.hide()
        notes = []
        if not c.still_on_case:
            notes.append("This person has left the case; the answer is kept as it was recorded.")
        elif c.answer is None:
            notes.append("Choose an answer first; then give the reason.")
        if c.due_on is not None and c.answer is not None and needs_follow_up(c.answer):
            notes.append(f"Due by {long_date(c.due_on)}.")
        if c.needs_actor and c.actor is not None and not c.actor_on_case:
            notes.append(f"{c.who_acts} is no longer on the case: choose who does it now.")
        elif c.needs_actor and c.actor is not None:
            notes.append(
                f"When the meeting is finalised this becomes a task of {c.who_acts}, in "
                "their agency's part of the action plan."
            )
        self.note.setText(" ".join(notes))

    def _answer_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        c = self._rows.get(self._editing) if self._editing else None
        answer = self._answer()
        if c is not None and c.trigger is not None and answer is Answer.YES:
            self._set_combo(self.follow_up, FollowUp.REFERRAL)
            self._set_combo(self.procedure, c.trigger)
            self._same_referral_maker(c.trigger)
        self._update_enabled()
        self._save_now()
        if answer is not None and not self.reason.toPlainText().strip():
            self.reason.setFocus()

    @staticmethod
    def _set_combo(combo: QComboBox, value: object) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(value))
        combo.blockSignals(False)

    def _same_referral_maker(self, procedure: Procedure | None) -> None:
        """A same-day referral is one per meeting: when another answer already names who
        makes it, this one offers the same person (the chair can change it)."""
        if procedure not in SAME_DAY_PROCEDURES or self.actor.currentIndex() >= 0:
            return
        named = next(
            (
                c.actor
                for key, c in self._rows.items()
                if key != self._editing
                and c.procedure is procedure
                and c.follow_up is FollowUp.REFERRAL
                and c.actor is not None
                and c.actor_on_case
            ),
            None,
        )
        if named is not None:
            self._set_combo(self.actor, actor_key(named))

    def _follow_up_chosen(self) -> None:
        c = self._rows.get(self._editing) if self._editing else None
        if (
            self.follow_up.currentData() is FollowUp.REFERRAL
            and self.procedure.currentIndex() < 0
            and c is not None
        ):
            usual = QUESTION_BY_KEY[c.question_key].usual_route
            if usual is not None:
                self._set_combo(self.procedure, usual)
        if self.follow_up.currentData() is FollowUp.REFERRAL:
            self._same_referral_maker(self.procedure.currentData())
        self._chosen()

    def _chosen(self) -> None:
        self._update_enabled()
        self._save_now()

    def _typed(self) -> None:
        if self._editable() and self._answer() is not None:
            self._save_later.poke()

    def _save_now(self) -> None:
        self._save_later.cancel()
        self._save()

    def _save(self) -> None:
        view, key = self.view, self._editing
        answer = self._answer()
        if view is None or key is None or answer is None or not self._editable():
            return
        c = self._rows[key]
        person_id = c.person_id
        assert person_id is not None
        follow_up: FollowUp | None = None
        procedure: Procedure | None = None
        detail = ""
        actor: Actor | None = None
        if needs_follow_up(answer):
            follow_up = self.follow_up.currentData()
            procedure = self.procedure.currentData() if follow_up is FollowUp.REFERRAL else None
            detail = self.detail.toPlainText()
            if follow_up in (FollowUp.ACTION, FollowUp.REFERRAL):
                actor = key_actor(self.actor.currentData() or "")
        given = ConsiderationAnswer(
            answer, self.reason.toPlainText(), follow_up, procedure, detail, actor=actor
        )
        self.attempt(
            lambda: meetings.answer_consideration(
                self.vault, view.id, person_id, c.question_key, given
            ),
            f"Answer about {c.person_name} saved",
        )

    def flush(self) -> None:
        self._save_later.flush()

    def confirm_referral(self) -> None:
        view, key = self.view, self._editing
        if view is None or key is None:
            return
        self.flush()
        c = self._rows.get(key)
        if c is None or c.person_id is None or c.trigger is None:
            return
        person_id = c.person_id
        answer = QMessageBox.question(
            self,
            "Confirm same-day referral",
            f"Confirm that {c.who_acts} is making the referral about {c.person_name} to "
            f"{c.trigger.label} today? The confirmation is kept with the meeting.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.attempt(
                lambda: meetings.confirm_referral(self.vault, view.id, person_id, c.question_key),
                "Referral confirmed",
            )

    def add_family_member(self) -> None:
        view = self.view
        if view is None or self.read_only:
            return
        self.flush()
        case_id = view.case_id

        def save(draft: PersonDraft) -> None:
            cases.add_person(self.vault, case_id, draft)

        if PersonDialog(save, None, self).exec():
            self.saved.emit(f"New family member saved at {now_text()}")
            self.changed.emit()
