"""A document as it will print: read it on screen, print it, save it as a PDF (optionally
locked with a password).

The PDF itself is made by core (``tac_desktop.core.documents``); this screen only shows
the bytes it is given, so what is previewed is exactly what is printed and saved.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QFocusEvent, QGuiApplication, QImage, QKeyEvent, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractSlider,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tac_desktop.core.documents import Document, protect
from tac_desktop.core.errors import TacError
from tac_desktop.core.progress import Progress, Stopped
from tac_desktop.core.services import documents
from tac_desktop.core.vault import Vault
from tac_desktop.gui.shared.dialogs import SavingDialog, error_style
from tac_desktop.gui.shared.progress import LongWork, make_in_background

PDF_FILTER = "PDF documents (*.pdf)"
MIN_PASSWORD = 8


class PasswordDialog(SavingDialog):
    """A password for the saved PDF, typed twice; it is never stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lock the PDF with a password")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Anyone who opens the file will need this password. Send it separately from the "
            "file, for example by phone, never in the same email."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Password again")
        form = QFormLayout()
        form.addRow("&Password:", self.password)
        form.addRow("&Again:", self.again)
        layout.addLayout(form)
        error = QLabel()
        error.setWordWrap(True)
        error_style(error)
        layout.addWidget(error)
        self.add_save_buttons(error, "&Use this password")
        self.chosen = ""

    def save(self) -> None:
        from tac_desktop.core.errors import InvalidInput

        if len(self.password.text()) < MIN_PASSWORD:
            raise InvalidInput(f"Use at least {MIN_PASSWORD} characters.")
        if self.password.text() != self.again.text():
            raise InvalidInput("The two passwords are not the same. Type them again.")
        self.chosen = self.password.text()


PRINT_DPI = 600  # pages are drawn at most this fine: sharp on paper, ~0.5 s a page


class PrintingStopped(Stopped):
    """Cancel was pressed while printing: ``printed`` of ``total`` pages had gone."""

    def __init__(self, printed: int, total: int) -> None:
        super().__init__(
            f"Printing was stopped after {printed} of {total} page{'s' if total != 1 else ''}. "
            "Pages the printer had already taken may still come out; no others will."
        )
        self.printed = printed
        self.total = total


def _open_pdf(source: bytes | Path, password: str) -> tuple[QPdfDocument, object]:
    """A QPdfDocument of this thread's own (and what must live as long as it)."""
    pdf = QPdfDocument()
    if password:
        pdf.setPassword(password)
    if isinstance(source, Path):
        pdf.load(str(source))
        return pdf, None
    data = QByteArray(source)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf.load(buffer)
    return pdf, (data, buffer)


def _on_white(page: QImage) -> QImage:
    """A rendered page (transparent where nothing is drawn) on white, without an alpha
    channel: the printer gets half the bytes, and a driver that drops alpha prints
    white, not black."""
    flat = QImage(page.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, page)
    painter.end()
    return flat


def print_pdf(
    source: bytes | Path,
    printer: QPrinter,
    progress: Progress | None = None,
    password: str = "",
) -> int:
    """Paint the chosen pages of a PDF (its bytes, or a file opened with ``password``)
    onto ``printer``; returns the pages printed (0: the printer or the PDF could not be
    used).

    Each page is rendered to an image the size of the printable page (at most
    ``PRINT_DPI``), so the output matches the preview whatever the printer's driver does
    with PDF. Made to run on the background runner: it opens its own QPdfDocument
    (QtPdf serialises PDFium behind one lock) and Qt lets a QPainter paint on a QPrinter
    from any one thread at a time. With ``progress`` it says which page it is on and,
    when Cancel is pressed, stops between pages, asks the printer to drop the job
    (``QPrinter.abort``, which not every driver honours) and raises ``PrintingStopped``.
    """
    pdf, _keep = _open_pdf(source, password)
    if pdf.status() is not QPdfDocument.Status.Ready:
        return 0
    count = pdf.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    pages = range(first - 1, last) if first > 0 and last > 0 else range(count)
    pages = range(max(pages.start, 0), min(pages.stop, count))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        dpi = printer.resolution()
        raster = min(dpi, PRINT_DPI)
        area = printer.pageLayout().paintRectPixels(dpi)
        for number, index in enumerate(pages):
            if progress is not None:
                progress.step(f"Printing page {number + 1} of {len(pages)}")
            if number:
                printer.newPage()
            size = pdf.pagePointSize(index)
            on_paper = QSize(
                max(1, round(size.width() * dpi / 72)), max(1, round(size.height() * dpi / 72))
            ).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            drawn = on_paper * (raster / dpi)
            painter.drawImage(QRect(QPoint(0, 0), on_paper), _on_white(pdf.render(index, drawn)))
            printed += 1
    except Stopped:
        printer.abort()
        raise PrintingStopped(printed, len(pages)) from None
    finally:
        painter.end()
    return printed


def _locked(pdf: bytes, password: str, progress: Progress) -> bytes:
    """``pdf`` encrypted with ``password`` (AES-256), on the background runner."""
    progress.step("Encrypting the PDF (AES-256)")
    locked = protect(pdf, password)
    progress.step("Encrypted; saving it")  # Cancel pressed meanwhile: nothing is saved
    return locked


class PageView(QPdfView):
    """The pages, read by keyboard: Page Up / Page Down a screen, the arrows a line,
    Home / End (or Ctrl+Home / Ctrl+End) the first and last page. The view takes the
    focus when the preview opens, so the keys work at once."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        key = event.key()
        if key == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif key == Qt.Key.Key_PageDown or (key == Qt.Key.Key_Space and not event.modifiers()):
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        elif key == Qt.Key.Key_PageUp:
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)
        elif key == Qt.Key.Key_Down:
            bar.triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
        elif key == Qt.Key.Key_Up:
            bar.triggerAction(QAbstractSlider.SliderAction.SliderSingleStepSub)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()  # the focus frame is drawn around the pages

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def page_shown(self) -> int:
        """The page at the top of the view, counted from 1."""
        return self.pageNavigator().currentPage() + 1


class DocumentPreview(QDialog):
    """Read, print or save one document."""

    def __init__(
        self,
        vault: Vault,
        document: Document,
        parent: QWidget | None = None,
        banner: str = "",
        left_the_room: Callable[[str], None] | None = None,
    ) -> None:
        """``banner``: a line above the pages, e.g. whose copy this is and what it
        leaves out; it is on screen only, never in the PDF. ``left_the_room``: called
        with how (the file's name, or "printed") each time the document is saved or
        printed, e.g. to write a reader's copy in the sharing log."""
        super().__init__(parent)
        self.vault = vault
        self.left_the_room = left_the_room
        self.document = document
        self.saved_to: Path | None = None
        self.setWindowTitle(document.title)
        self._bytes = QByteArray(document.pdf)
        self._buffer = QBuffer(self._bytes, self)  # QPdfDocument reads it lazily: keep it
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument(self)
        self.pdf.load(self._buffer)
        self.view = PageView(self)
        self.view.setAccessibleName(f"Pages of {document.title}")
        self.view.setAccessibleDescription(
            "Page Up and Page Down move a screen, Home and End go to the first and last page"
        )
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.pdf)
        self.pages = QLabel()
        self.pages.setWordWrap(True)
        self.pages.setAccessibleDescription("Pages")
        smaller = QPushButton("−")
        smaller.setAccessibleName("Zoom out")
        smaller.setToolTip("Zoom out (Ctrl+-)")
        smaller.setShortcut("Ctrl+-")
        smaller.setAutoDefault(False)
        smaller.clicked.connect(lambda: self._zoom(1 / 1.25))
        larger = QPushButton("+")
        larger.setAccessibleName("Zoom in")
        larger.setToolTip("Zoom in (Ctrl++)")
        larger.setShortcut("Ctrl++")
        larger.setAutoDefault(False)
        larger.clicked.connect(lambda: self._zoom(1.25))
        fit = QPushButton("&Fit width")
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        for button in (smaller, larger):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("+") * 2 + 28)
        top = QHBoxLayout()
        top.addWidget(self.pages, 1)
        top.addWidget(smaller)
        top.addWidget(larger)
        top.addWidget(fit)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.clicked.connect(lambda: self.save_document(locked=False))
        self.lock_button = QPushButton("Save with a pass&word…")
        self.lock_button.setToolTip("Save a copy that opens only with a password (AES-256)")
        self.lock_button.clicked.connect(lambda: self.save_document(locked=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for button in (self.print_button, self.save_button, self.lock_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        self.banner = QLabel(banner)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleDescription("Whose copy this is")
        self.banner.setVisible(bool(banner))
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        pages_label = QLabel("Pa&ges:")
        pages_label.setToolTip("Page Up / Page Down, the arrows, Home / End")
        pages_label.setBuddy(self.view)
        top.insertWidget(1, pages_label)
        self.setTabOrder(self.view, smaller)
        self.setTabOrder(smaller, larger)
        self.setTabOrder(larger, fit)
        self.view.setFocus()  # opens on the pages, which scroll by keyboard
        self._show_status()
        # As tall as most of the screen, never larger than it (at twice the text size a
        # 1440×900 screen is 720×450 of Qt's units).
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry().size() if screen is not None else QSize(1180, 900)
        self.resize(
            min(820, free.width() - 16),
            min(free.height() - 48, max(500, int(free.height() * 0.85))),
        )

    def _show_status(self) -> None:
        if self.pdf.status() is QPdfDocument.Status.Ready:
            count = self.pdf.pageCount()
            self.pages.setText(f"{self.document.title}: {count} page{'s' if count != 1 else ''}")
            self.print_button.setEnabled(count > 0)
        else:
            # Saving still works: the bytes are what core made.
            self.pages.setText(
                "The preview could not be shown on this computer; the document can still be "
                "saved as a PDF and opened in another program."
            )
            self.print_button.setEnabled(False)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(5.0, max(0.2, self.view.zoomFactor() * factor)))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.document.file_name)
        printer.setFromTo(1, self.pdf.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.document.title}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        data = self.document.pdf
        try:
            # Page by page on the background runner: the window keeps painting, and
            # Cancel stops between pages.
            with LongWork(self, "Print", f"Printing {self.document.title}…") as work:
                printed = work.run(lambda progress: print_pdf(data, printer, progress))
        except PrintingStopped as stopped:
            printed = stopped.printed
            QMessageBox.information(self, "Print", str(stopped))
        except TacError as error:
            QMessageBox.warning(self, "Print", str(error))
            return
        else:
            if not printed:
                QMessageBox.warning(
                    self, "Print", "The printer could not be used. Check it is on and try again."
                )
        if printed:  # paper left the room, even when stopped halfway
            self._left_the_room("printed")

    def save_document(self, locked: bool) -> None:
        password = ""
        if locked:
            asked = PasswordDialog(self)
            if not asked.exec():
                return
            password = asked.chosen
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", str(Path(folder) / self.document.file_name), PDF_FILTER
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            # The dialog asked about the name as typed; ask again about the real one.
            target = target.with_name(target.name + ".pdf")
            if target.exists():
                answer = QMessageBox.question(
                    self,
                    "Save as PDF",
                    f"{target.name} already exists. Replace it?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
        try:
            payload = self.document.pdf
            if password:
                # Encrypting a long document takes a while: on the background runner.
                # Nothing is written until it is done, so Cancel leaves no file behind.
                pdf = self.document.pdf
                locked_copy = make_in_background(
                    self,
                    "Save with a password",
                    lambda progress: _locked(pdf, password, progress),
                    "Locking the PDF with the password…",
                )
                if locked_copy is None:
                    return
                payload = locked_copy
            # The file dialog (or the question above) has asked before replacing a file;
            # the file is written beside the target and renamed over it in one step.
            self.saved_to = self._write(target, payload, force=True)
        except TacError as error:
            QMessageBox.warning(self, "Save as PDF", str(error))
            return
        self._left_the_room(target.name)
        note = " It opens only with the password." if password else ""
        QMessageBox.information(self, "Save as PDF", f"Saved as {target.name}.{note}")

    def _left_the_room(self, how: str) -> None:
        if self.left_the_room is None:
            return
        try:
            self.left_the_room(how)
        except TacError as error:
            QMessageBox.warning(self, self.document.title, str(error))

    def _write(self, target: Path, payload: bytes, force: bool) -> Path:
        saved = Document(self.document.title, self.document.file_name, payload)
        return documents.save_document(self.vault, saved, target, force=force)
