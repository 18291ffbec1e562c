# Generated from forms/person_dialog.ui by scripts/build_forms.py. Do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'person_dialog.ui'
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
    QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_PersonDialog(object):
    def setupUi(self, PersonDialog):
        if not PersonDialog.objectName():
            PersonDialog.setObjectName(u"PersonDialog")
        PersonDialog.resize(520, 560)
        self.mainLayout = QVBoxLayout(PersonDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.nameLabel = QLabel(PersonDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.name = QLineEdit(PersonDialog)
        self.name.setObjectName(u"name")
        self.name.setMaxLength(200)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.preferredLabel = QLabel(PersonDialog)
        self.preferredLabel.setObjectName(u"preferredLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.preferredLabel)

        self.preferredName = QLineEdit(PersonDialog)
        self.preferredName.setObjectName(u"preferredName")
        self.preferredName.setMaxLength(200)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.preferredName)

        self.relationshipLabel = QLabel(PersonDialog)
        self.relationshipLabel.setObjectName(u"relationshipLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.relationshipLabel)

        self.relationship = QComboBox(PersonDialog)
        self.relationship.setObjectName(u"relationship")
        self.relationship.setEditable(True)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.relationship)

        self.dobLabel = QLabel(PersonDialog)
        self.dobLabel.setObjectName(u"dobLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.dobLabel)

        self.dobRow = QHBoxLayout()
        self.dobRow.setObjectName(u"dobRow")
        self.dobKnown = QCheckBox(PersonDialog)
        self.dobKnown.setObjectName(u"dobKnown")

        self.dobRow.addWidget(self.dobKnown)

        self.dateOfBirth = QDateEdit(PersonDialog)
        self.dateOfBirth.setObjectName(u"dateOfBirth")
        self.dateOfBirth.setCalendarPopup(True)

        self.dobRow.addWidget(self.dateOfBirth)

        self.dobSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dobRow.addItem(self.dobSpacer)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.dobRow)

        self.ageLabel = QLabel(PersonDialog)
        self.ageLabel.setObjectName(u"ageLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.ageLabel)

        self.estimatedAge = QSpinBox(PersonDialog)
        self.estimatedAge.setObjectName(u"estimatedAge")
        self.estimatedAge.setMinimum(-1)
        self.estimatedAge.setMaximum(120)
        self.estimatedAge.setValue(-1)

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.estimatedAge)

        self.declaredChild = QCheckBox(PersonDialog)
        self.declaredChild.setObjectName(u"declaredChild")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.declaredChild)

        self.household = QCheckBox(PersonDialog)
        self.household.setObjectName(u"household")
        self.household.setChecked(True)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.household)

        self.parentalResponsibility = QCheckBox(PersonDialog)
        self.parentalResponsibility.setObjectName(u"parentalResponsibility")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.parentalResponsibility)

        self.significantContact = QCheckBox(PersonDialog)
        self.significantContact.setObjectName(u"significantContact")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.significantContact)

        self.languageLabel = QLabel(PersonDialog)
        self.languageLabel.setObjectName(u"languageLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.language = QLineEdit(PersonDialog)
        self.language.setObjectName(u"language")

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.language)

        self.interpreter = QCheckBox(PersonDialog)
        self.interpreter.setObjectName(u"interpreter")

        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.interpreter)

        self.notesLabel = QLabel(PersonDialog)
        self.notesLabel.setObjectName(u"notesLabel")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notes = QPlainTextEdit(PersonDialog)
        self.notes.setObjectName(u"notes")
        self.notes.setTabChangesFocus(True)

        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.notes)


        self.mainLayout.addLayout(self.form)

        self.error = QLabel(PersonDialog)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.mainLayout.addWidget(self.error)

        self.buttons = QDialogButtonBox(PersonDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.name)
        self.preferredLabel.setBuddy(self.preferredName)
        self.relationshipLabel.setBuddy(self.relationship)
        self.dobLabel.setBuddy(self.dobKnown)
        self.ageLabel.setBuddy(self.estimatedAge)
        self.languageLabel.setBuddy(self.language)
        self.notesLabel.setBuddy(self.notes)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name, self.preferredName)
        QWidget.setTabOrder(self.preferredName, self.relationship)
        QWidget.setTabOrder(self.relationship, self.dobKnown)
        QWidget.setTabOrder(self.dobKnown, self.dateOfBirth)
        QWidget.setTabOrder(self.dateOfBirth, self.estimatedAge)
        QWidget.setTabOrder(self.estimatedAge, self.declaredChild)
        QWidget.setTabOrder(self.declaredChild, self.household)
        QWidget.setTabOrder(self.household, self.parentalResponsibility)
        QWidget.setTabOrder(self.parentalResponsibility, self.significantContact)
        QWidget.setTabOrder(self.significantContact, self.language)
        QWidget.setTabOrder(self.language, self.interpreter)
        QWidget.setTabOrder(self.interpreter, self.notes)

        self.retranslateUi(PersonDialog)

        QMetaObject.connectSlotsByName(PersonDialog)
    # setupUi

    def retranslateUi(self, PersonDialog):
        PersonDialog.setWindowTitle(QCoreApplication.translate("PersonDialog", u"Person", None))
        self.nameLabel.setText(QCoreApplication.translate("PersonDialog", u"&Name:", None))
#if QT_CONFIG(accessibility)
        self.name.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Name", None))
#endif // QT_CONFIG(accessibility)
        self.preferredLabel.setText(QCoreApplication.translate("PersonDialog", u"&Preferred name:", None))
#if QT_CONFIG(accessibility)
        self.preferredName.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Preferred name", None))
#endif // QT_CONFIG(accessibility)
        self.relationshipLabel.setText(QCoreApplication.translate("PersonDialog", u"&Relationship to the subject:", None))
#if QT_CONFIG(accessibility)
        self.relationship.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Relationship to the subject", None))
#endif // QT_CONFIG(accessibility)
        self.dobLabel.setText(QCoreApplication.translate("PersonDialog", u"&Date of birth:", None))
        self.dobKnown.setText(QCoreApplication.translate("PersonDialog", u"Known", None))
#if QT_CONFIG(accessibility)
        self.dobKnown.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Date of birth known", None))
#endif // QT_CONFIG(accessibility)
        self.dateOfBirth.setDisplayFormat(QCoreApplication.translate("PersonDialog", u"dd/MM/yyyy", None))
#if QT_CONFIG(accessibility)
        self.dateOfBirth.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Date of birth", None))
#endif // QT_CONFIG(accessibility)
        self.ageLabel.setText(QCoreApplication.translate("PersonDialog", u"&Estimated age:", None))
        self.estimatedAge.setSpecialValueText(QCoreApplication.translate("PersonDialog", u"not known", None))
#if QT_CONFIG(accessibility)
        self.estimatedAge.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Estimated age", None))
#endif // QT_CONFIG(accessibility)
        self.declaredChild.setText(QCoreApplication.translate("PersonDialog", u"A &child (used when the age is not known)", None))
#if QT_CONFIG(accessibility)
        self.declaredChild.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Child when age is not known", None))
#endif // QT_CONFIG(accessibility)
        self.household.setText(QCoreApplication.translate("PersonDialog", u"Lives in the &household", None))
#if QT_CONFIG(accessibility)
        self.household.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Lives in the household", None))
#endif // QT_CONFIG(accessibility)
        self.parentalResponsibility.setText(QCoreApplication.translate("PersonDialog", u"Has parental responsi&bility", None))
#if QT_CONFIG(accessibility)
        self.parentalResponsibility.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Has parental responsibility", None))
#endif // QT_CONFIG(accessibility)
        self.significantContact.setText(QCoreApplication.translate("PersonDialog", u"Has si&gnificant contact", None))
#if QT_CONFIG(accessibility)
        self.significantContact.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Has significant contact", None))
#endif // QT_CONFIG(accessibility)
        self.languageLabel.setText(QCoreApplication.translate("PersonDialog", u"&Language:", None))
#if QT_CONFIG(accessibility)
        self.language.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Language", None))
#endif // QT_CONFIG(accessibility)
        self.language.setText(QCoreApplication.translate("PersonDialog", u"English", None))
        self.interpreter.setText(QCoreApplication.translate("PersonDialog", u"Needs an &interpreter", None))
#if QT_CONFIG(accessibility)
        self.interpreter.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Needs an interpreter", None))
#endif // QT_CONFIG(accessibility)
        self.notesLabel.setText(QCoreApplication.translate("PersonDialog", u"N&otes:", None))
#if QT_CONFIG(accessibility)
        self.notes.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Notes", None))
#endif // QT_CONFIG(accessibility)
        self.error.setText("")
#if QT_CONFIG(accessibility)
        self.error.setAccessibleName(QCoreApplication.translate("PersonDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

