"""Dialogs around a meeting: creating one, planning reviews, inviting people, what is
missing, amendments, the calendar invitation.

Like the case dialogs, each one hands its input to a core service on Save and stays
open with the service's plain message when the input cannot be used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.errors import TacError
from tac_desktop.core.models import Nation
from tac_desktop.core.practice.agenda import AgendaTemplate
from tac_desktop.core.services.meetings import (
    MeetingDraft,
    MeetingRow,
    MissingItem,
    Paperwork,
    SectionView,
)
from tac_desktop.core.services.schedule import (
    InvitationView,
    ReviewStart,
    review_dates,
    valid_email,
)
from tac_desktop.gui.forms.ui_new_meeting_dialog import Ui_NewMeetingDialog
from tac_desktop.gui.shared.dialogs import SavingDialog, error_style, from_qdate, to_qdate
from tac_desktop.gui.shared.widgets import buddy

_ABOUT_TEXT = {"child": "for a child", "adult": "for an adult", "any": "for anyone"}


class NewMeetingDialog(QDialog):
    """Agenda, date, start time and venue. An unusual date is questioned, never refused."""

    def __init__(
        self,
        save: Callable[[MeetingDraft], None],
        templates: list[AgendaTemplate],
        subject_is_child: bool | None,
        date_warning: Callable[[date], str | None],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_NewMeetingDialog()
        self.ui.setupUi(self)
        self._save = save
        self._date_warning = date_warning
        error_style(self.ui.error)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Create meeting")
        self.ui.buttons.accepted.connect(self._try_save)
        self.ui.buttons.rejected.connect(self.reject)
        fits = "child" if subject_is_child else "adult"
        shown_separator = False
        for number, template in enumerate(templates):
            fitting = subject_is_child is None or template.about in (fits, "any")
            if not fitting and not shown_separator and number > 0:
                self.ui.agenda.insertSeparator(self.ui.agenda.count())
                shown_separator = True
            suffix = "" if fitting else f" ({_ABOUT_TEXT.get(template.about, template.about)})"
            self.ui.agenda.addItem(template.title + suffix, template.id)
        self.ui.agenda.setCurrentIndex(0)
        day = today or date.today()
        self.ui.heldOn.setMinimumDate(QDate(1990, 1, 1))
        self.ui.heldOn.setMaximumDate(QDate(day.year + 10, 12, 31))
        self.ui.heldOn.setDate(to_qdate(day))
        self.ui.agenda.setFocus()

    def show_error(self, message: str) -> None:
        self.ui.error.setText(message)
        self.ui.error.show()

    def draft(self) -> MeetingDraft:
        return MeetingDraft(
            template_id=str(self.ui.agenda.currentData()),
            held_on=from_qdate(self.ui.heldOn.date()),
            start_time=self.ui.startTime.text(),
            venue=self.ui.venue.text(),
        )

    def _try_save(self) -> None:
        draft = self.draft()
        warning = self._date_warning(draft.held_on)
        if warning:
            answer = QMessageBox.question(
                self,
                "Meeting date",
                warning,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.ui.heldOn.setFocus()
                return
        try:
            self._save(draft)
        except TacError as error:
            self.show_error(str(error))
            return
        self.accept()


def _form_dialog(dialog: QDialog, title: str, intro: str) -> tuple[QFormLayout, QLabel]:
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    if intro:
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
    form = QFormLayout()
    layout.addLayout(form)
    error = QLabel()
    error.setWordWrap(True)
    error.setAccessibleName("Message")
    error_style(error)
    layout.addWidget(error)
    return form, error


class ChooseDialog(QDialog):
    """Pick one or more from a short list (family members, professionals to invite)."""

    def __init__(
        self,
        title: str,
        intro: str,
        choices: list[tuple[str, int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        self.choices = QListWidget()
        self.choices.setAccessibleName(title)
        self.choices.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        label.setBuddy(self.choices)
        for text, value in choices:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.choices.addItem(item)
        if self.choices.count():
            self.choices.setCurrentRow(0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Invite")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(label)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 300)

    def chosen(self) -> list[int]:
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in self.choices.selectedItems()]


class InviteOtherDialog(SavingDialog):
    """Someone not on the case: an interpreter, a new professional, a family friend."""

    def __init__(self, save: Callable[[str, str, str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._save = save
        form, error = _form_dialog(
            self,
            "Invite someone else",
            "Someone who is not yet on the case, for example an interpreter or a new professional.",
        )
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.role = QLineEdit()
        self.role.setAccessibleName("Role")
        self.role.setPlaceholderText("for example Polish interpreter")
        self.agency = QLineEdit()
        self.agency.setAccessibleName("Agency")
        form.addRow(buddy("&Name:", self.name), self.name)
        form.addRow(buddy("&Role:", self.role), self.role)
        form.addRow(buddy("&Agency:", self.agency), self.agency)
        self.buttons = self.add_save_buttons(error, "&Invite")
        self.resize(440, 200)
        self.name.setFocus()

    def save(self) -> None:
        self._save(self.name.text(), self.role.text(), self.agency.text())


class AmendmentDialog(SavingDialog):
    """A finalised meeting is corrected by a dated, signed amendment beside the original."""

    WHOLE_MEETING = ""

    def __init__(
        self,
        save: Callable[[str, str, str], None],
        sections: list[SectionView],
        current_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        form, error = _form_dialog(
            self,
            "Add an amendment",
            "The finalised record stays as it was; the amendment is kept beside it with "
            "today's date and your name.",
        )
        self.section = QComboBox()
        self.section.setAccessibleName("Section amended")
        self.section.addItem("The whole meeting", self.WHOLE_MEETING)
        for section in sections:
            self.section.addItem(section.title, section.key)
        found = self.section.findData(current_key)
        self.section.setCurrentIndex(max(found, 0))
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Corrected text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What the record should say.")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("for example the date of birth was typed wrongly")
        form.addRow(buddy("&Section:", self.section), self.section)
        form.addRow(buddy("&Corrected text:", self.text), self.text)
        form.addRow(buddy("&Reason:", self.reason), self.reason)
        self.buttons = self.add_save_buttons(error, "Sa&ve amendment")
        self.resize(560, 340)
        self.text.setFocus()

    def save(self) -> None:
        self._save(self.text.toPlainText(), self.reason.text(), str(self.section.currentData()))


class MissingItemsDialog(QDialog):
    """Exactly what stops finalising; choosing an item goes to where it is fixed."""

    def __init__(self, items: list[MissingItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Not ready to finalise")
        self.chosen: MissingItem | None = None
        self._items = items
        layout = QVBoxLayout(self)
        count = len(items)
        intro = QLabel(
            f"Nothing has been lost. Before this meeting can be finalised, "
            f"{'this is' if count == 1 else f'these {count} things are'} still needed. "
            "Choose one and press Enter (or double-click) to go to it."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Still needed")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        intro.setBuddy(self.list)
        for number, item in enumerate(items):
            row = QListWidgetItem(item.message)
            row.setData(Qt.ItemDataRole.UserRole, number)
            self.list.addItem(row)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(self._go)
        self.buttons = QDialogButtonBox()
        self.go_button = self.buttons.addButton("&Go to it", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(lambda: self._go(self.list.currentItem()))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 420)
        self.list.setFocus()

    def _go(self, row: QListWidgetItem | None) -> None:
        if row is None:
            return
        self.chosen = self._items[int(row.data(Qt.ItemDataRole.UserRole))]
        self.accept()

    def choose(self, number: int) -> None:
        """Activate the item at ``number`` (as Enter on it would)."""
        self._go(self.list.item(number))


class PlanReviewsDialog(SavingDialog):
    """A year of review meetings from the meeting type's usual interval, shown before saving.

    The dates are worked out by core (working days of the case's nation); nothing is saved
    until the chair has seen them.
    """

    def __init__(
        self,
        save: Callable[[str, date, int, str, str], None],
        templates: list[AgendaTemplate],
        nation: Nation,
        start: ReviewStart,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._nation = nation
        self._planned = start.planned_after
        today = today or date.today()
        form, error = _form_dialog(
            self,
            "Plan reviews",
            "Plan the review meetings for the coming months. Each date is moved to a working "
            "day; the meetings are added as drafts you can move or delete later.",
        )
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of meeting")
        for template in templates:
            if template.review_interval_weeks > 0:
                self.kind.addItem(
                    f"{template.title} (every {template.review_interval_weeks} weeks)",
                    template.id,
                )
        found = self.kind.findData(start.template_id) if start.template_id else -1
        self.kind.setCurrentIndex(max(found, 0))
        self._weeks = {t.id: t.review_interval_weeks for t in templates}
        self.first = QDateEdit()
        self.first.setAccessibleName("First review")
        self.first.setCalendarPopup(True)
        self.first.setDisplayFormat("ddd d MMM yyyy")
        self.first.setMinimumDate(to_qdate(today))
        self.first.setMaximumDate(QDate(today.year + 5, 12, 31))
        self.first.setDate(to_qdate(start.suggested_first(today, self._interval())))
        self.months = QSpinBox()
        self.months.setAccessibleName("For how many months")
        self.months.setRange(1, 24)
        self.months.setValue(12)
        self.months.setSuffix(" months")
        self.start_time = QLineEdit()
        self.start_time.setAccessibleName("Start time")
        self.start_time.setPlaceholderText("e.g. 10:00 (optional)")
        self.venue = QLineEdit()
        self.venue.setAccessibleName("Venue")
        self.venue.setPlaceholderText("optional")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("The dates that will be planned")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(buddy("&Kind:", self.kind), self.kind)
        form.addRow(buddy("&First review:", self.first), self.first)
        form.addRow(buddy("F&or:", self.months), self.months)
        form.addRow(buddy("&Time:", self.start_time), self.start_time)
        form.addRow(buddy("&Venue:", self.venue), self.venue)
        form.addRow("Dates:", self.preview)
        self.buttons = self.add_save_buttons(error, "&Plan these reviews")
        self.kind.currentIndexChanged.connect(self._show_dates)
        self.first.dateChanged.connect(self._show_dates)
        self.months.valueChanged.connect(self._show_dates)
        self._show_dates()

    def _interval(self) -> int:
        return int(self._weeks.get(str(self.kind.currentData()), 0) or 12)

    def dates(self) -> list[date]:
        try:
            return review_dates(
                from_qdate(self.first.date()),
                self._interval(),
                self.months.value(),
                self._nation,
            )
        except TacError:
            return []

    def _show_dates(self) -> None:
        dates = self.dates()
        lines = [f"{day:%a %d %b %Y}" for day in dates]
        text = f"{len(dates)} meetings: " + ", ".join(lines) + "."
        clash = [d for d in self._planned if d >= from_qdate(self.first.date())]
        if clash:
            text += (
                f"\n\nThis case already has {len(clash)} draft meeting"
                f"{'s' if len(clash) != 1 else ''} planned from then on "
                f"(first {clash[0]:%d %b %Y}); check the diary before planning more."
            )
        self.preview.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(dates))

    def save(self) -> None:
        self._save(
            str(self.kind.currentData()),
            from_qdate(self.first.date()),
            self.months.value(),
            self.start_time.text(),
            self.venue.text(),
        )


class MarkSentDialog(SavingDialog):
    """The day the decision summary or the minutes went out (or: not sent after all)."""

    def __init__(
        self,
        save: Callable[[Paperwork, date | None], None],
        row: MeetingRow,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        today = today or date.today()
        form, error = _form_dialog(
            self,
            "Mark as sent",
            f"{row.title}, {row.held_on:%d %B %Y}. Until it is marked as sent, it shows as due "
            "and then overdue on the case and in My actions.",
        )
        self.what = QComboBox()
        self.what.setAccessibleName("What was sent")
        for what in Paperwork:
            due, sent = row.paperwork(what)
            state = f" (sent {sent:%d %b})" if sent else (f" (due {due:%d %b})" if due else "")
            self.what.addItem(what.label + state, what)
        unsent = next((n for n, w in enumerate(Paperwork) if row.paperwork(w)[1] is None), 0)
        self.what.setCurrentIndex(unsent)
        self.sent_on = QDateEdit()
        self.sent_on.setAccessibleName("Sent on")
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("ddd d MMM yyyy")
        self.sent_on.setDateRange(to_qdate(row.held_on), to_qdate(today))
        self.sent_on.setDate(to_qdate(today))
        self.not_sent = QCheckBox("Not sent after all (clear the date)")
        self.not_sent.toggled.connect(lambda on: self.sent_on.setEnabled(not on))
        form.addRow(buddy("&What:", self.what), self.what)
        form.addRow(buddy("Sent &on:", self.sent_on), self.sent_on)
        form.addRow("", self.not_sent)
        self.add_save_buttons(error, "&Record")

    def save(self) -> None:
        what = self.what.currentData()
        assert isinstance(what, Paperwork)
        self._save(what, None if self.not_sent.isChecked() else from_qdate(self.sent_on.date()))


class InvitationDialog(SavingDialog):
    """What a meeting's calendar invitation holds, before it is saved: who it is from
    (the chair's e-mail address, remembered in the vault), who it reaches, who is only
    named in it, and whether it gives the venue (off unless the chair ticks it)."""

    def __init__(self, view: InvitationView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen_email = ""
        form, error = _form_dialog(
            self,
            "Calendar invitation",
            f"{view.summary}\n{view.when()}\n\nThe invitation names the case reference "
            "only, never the family.",
        )
        self.email = QLineEdit(view.organiser_email)
        self.email.setAccessibleName("Your e-mail address")
        self.email.setPlaceholderText("name@agency.example (replies come here)")
        self.email.setToolTip(
            "The invitation's organiser: calendars send replies here. Remembered in the vault."
        )
        form.addRow(buddy("From (your &e-mail):", self.email), self.email)
        reached = (
            "\n".join(f"{i.in_words} <{i.email}>" for i in view.by_email)
            or "Nobody: no professional invited has an e-mail address on record."
        )
        self.reached = _plain_label(reached, "Invited by e-mail")
        form.addRow("Invited by e-mail:", self.reached)
        self.named = _plain_label(
            "\n".join(i.in_words for i in view.without_email)
            + "\n(named in the invitation's description: tell them another way)",
            "Named in the description, with no e-mail address",
        )
        if view.without_email:
            form.addRow("No e-mail address:", self.named)
        self.include_venue = QCheckBox(
            f"Give the venue: {view.venue}" if view.venue else "Give the venue (none recorded)"
        )
        self.include_venue.setAccessibleName("Give the venue in the invitation")
        self.include_venue.setToolTip(
            "Invitations are stored and forwarded by other agencies' calendars; a family's "
            "home says where they live. Left out unless you tick this."
        )
        self.include_venue.setEnabled(bool(view.venue))
        form.addRow("", self.include_venue)
        if view.sent:
            again = _plain_label(
                f"Sent {view.sent} time{'s' if view.sent != 1 else ''} before: calendars that "
                "hold this meeting will update it rather than add it again.",
                "Sent before",
            )
            form.addRow("", again)
        self.buttons = self.add_save_buttons(error, "&Save invitation…")
        self.resize(520, 320)
        (self.email if not view.organiser_email else self.include_venue).setFocus()

    def save(self) -> None:
        self.chosen_email = valid_email(self.email.text(), "Your e-mail address")


def _plain_label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names are typed text, never markup
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
