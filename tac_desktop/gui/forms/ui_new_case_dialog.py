# Generated from forms/new_case_dialog.ui by scripts/build_forms.py. Do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_case_dialog.ui'
##
##
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_NewCaseDialog(object):
    def setupUi(self, NewCaseDialog):
        if not NewCaseDialog.objectName():
            NewCaseDialog.setObjectName(u"NewCaseDialog")
        NewCaseDialog.resize(520, 420)
        self.mainLayout = QVBoxLayout(NewCaseDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.referenceLabel = QLabel(NewCaseDialog)
        self.referenceLabel.setObjectName(u"referenceLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.referenceLabel)

        self.reference = QLineEdit(NewCaseDialog)
        self.reference.setObjectName(u"reference")
        self.reference.setMaxLength(40)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.reference)

        self.subjectLabel = QLabel(NewCaseDialog)
        self.subjectLabel.setObjectName(u"subjectLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.subjectLabel)

        self.subjectName = QLineEdit(NewCaseDialog)
        self.subjectName.setObjectName(u"subjectName")
        self.subjectName.setMaxLength(200)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.subjectName)

        self.kindLabel = QLabel(NewCaseDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.subjectKind = QComboBox(NewCaseDialog)
        self.subjectKind.addItem("")
        self.subjectKind.addItem("")
        self.subjectKind.setObjectName(u"subjectKind")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.subjectKind)

        self.dobLabel = QLabel(NewCaseDialog)
        self.dobLabel.setObjectName(u"dobLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.dobLabel)

        self.dobRow = QHBoxLayout()
        self.dobRow.setObjectName(u"dobRow")
        self.dobKnown = QCheckBox(NewCaseDialog)
        self.dobKnown.setObjectName(u"dobKnown")

        self.dobRow.addWidget(self.dobKnown)

        self.dateOfBirth = QDateEdit(NewCaseDialog)
        self.dateOfBirth.setObjectName(u"dateOfBirth")
        self.dateOfBirth.setCalendarPopup(True)

        self.dobRow.addWidget(self.dateOfBirth)

        self.dobSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dobRow.addItem(self.dobSpacer)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.dobRow)

        self.nationLabel = QLabel(NewCaseDialog)
        self.nationLabel.setObjectName(u"nationLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.nationLabel)

        self.nation = QComboBox(NewCaseDialog)
        self.nation.setObjectName(u"nation")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.nation)

        self.summaryLabel = QLabel(NewCaseDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.summaryLabel)

        self.summary = QPlainTextEdit(NewCaseDialog)
        self.summary.setObjectName(u"summary")
        self.summary.setTabChangesFocus(True)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.summary)


        self.mainLayout.addLayout(self.form)

        self.error = QLabel(NewCaseDialog)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.mainLayout.addWidget(self.error)

        self.buttons = QDialogButtonBox(NewCaseDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.referenceLabel.setBuddy(self.reference)
        self.subjectLabel.setBuddy(self.subjectName)
        self.kindLabel.setBuddy(self.subjectKind)
        self.dobLabel.setBuddy(self.dobKnown)
        self.nationLabel.setBuddy(self.nation)
        self.summaryLabel.setBuddy(self.summary)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(NewCaseDialog)

        QMetaObject.connectSlotsByName(NewCaseDialog)
    # setupUi

    def retranslateUi(self, NewCaseDialog):
        NewCaseDialog.setWindowTitle(QCoreApplication.translate("NewCaseDialog", u"New case", None))
        self.referenceLabel.setText(QCoreApplication.translate("NewCaseDialog", u"Case &reference:", None))
#if QT_CONFIG(accessibility)
        self.reference.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Case reference", None))
#endif // QT_CONFIG(accessibility)
        self.subjectLabel.setText(QCoreApplication.translate("NewCaseDialog", u"The case is &about:", None))
#if QT_CONFIG(accessibility)
        self.subjectName.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Name of the person the case is about", None))
#endif // QT_CONFIG(accessibility)
        self.kindLabel.setText(QCoreApplication.translate("NewCaseDialog", u"W&ho they are:", None))
        self.subjectKind.setItemText(0, QCoreApplication.translate("NewCaseDialog", u"A child or young person", None))
        self.subjectKind.setItemText(1, QCoreApplication.translate("NewCaseDialog", u"An adult who is a parent or carer", None))

#if QT_CONFIG(accessibility)
        self.subjectKind.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Child or adult", None))
#endif // QT_CONFIG(accessibility)
        self.dobLabel.setText(QCoreApplication.translate("NewCaseDialog", u"&Date of birth:", None))
        self.dobKnown.setText(QCoreApplication.translate("NewCaseDialog", u"Known", None))
#if QT_CONFIG(accessibility)
        self.dobKnown.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Date of birth known", None))
#endif // QT_CONFIG(accessibility)
        self.dateOfBirth.setDisplayFormat(QCoreApplication.translate("NewCaseDialog", u"dd/MM/yyyy", None))
#if QT_CONFIG(accessibility)
        self.dateOfBirth.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Date of birth", None))
#endif // QT_CONFIG(accessibility)
        self.nationLabel.setText(QCoreApplication.translate("NewCaseDialog", u"&Bank holidays of:", None))
#if QT_CONFIG(accessibility)
        self.nation.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Nation whose bank holidays apply", None))
#endif // QT_CONFIG(accessibility)
        self.summaryLabel.setText(QCoreApplication.translate("NewCaseDialog", u"&Why the team is involved:", None))
#if QT_CONFIG(accessibility)
        self.summary.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Why the team is involved", None))
#endif // QT_CONFIG(accessibility)
        self.error.setText("")
#if QT_CONFIG(accessibility)
        self.error.setAccessibleName(QCoreApplication.translate("NewCaseDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

