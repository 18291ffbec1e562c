# Generated from forms/professional_dialog.ui by scripts/build_forms.py. Do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'professional_dialog.ui'
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
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

class Ui_ProfessionalDialog(object):
    def setupUi(self, ProfessionalDialog):
        if not ProfessionalDialog.objectName():
            ProfessionalDialog.setObjectName(u"ProfessionalDialog")
        ProfessionalDialog.resize(480, 340)
        self.mainLayout = QVBoxLayout(ProfessionalDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.nameLabel = QLabel(ProfessionalDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.name = QLineEdit(ProfessionalDialog)
        self.name.setObjectName(u"name")
        self.name.setMaxLength(200)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.roleLabel = QLabel(ProfessionalDialog)
        self.roleLabel.setObjectName(u"roleLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.roleLabel)

        self.role = QLineEdit(ProfessionalDialog)
        self.role.setObjectName(u"role")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.role)

        self.agencyLabel = QLabel(ProfessionalDialog)
        self.agencyLabel.setObjectName(u"agencyLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.agencyLabel)

        self.agency = QComboBox(ProfessionalDialog)
        self.agency.setObjectName(u"agency")
        self.agency.setEditable(True)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.agency)

        self.sectorLabel = QLabel(ProfessionalDialog)
        self.sectorLabel.setObjectName(u"sectorLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.sectorLabel)

        self.sector = QComboBox(ProfessionalDialog)
        self.sector.setObjectName(u"sector")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.sector)

        self.phoneLabel = QLabel(ProfessionalDialog)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phone = QLineEdit(ProfessionalDialog)
        self.phone.setObjectName(u"phone")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.phone)

        self.emailLabel = QLabel(ProfessionalDialog)
        self.emailLabel.setObjectName(u"emailLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.emailLabel)

        self.email = QLineEdit(ProfessionalDialog)
        self.email.setObjectName(u"email")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.email)

        self.caseRoleLabel = QLabel(ProfessionalDialog)
        self.caseRoleLabel.setObjectName(u"caseRoleLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.caseRoleLabel)

        self.caseRole = QLineEdit(ProfessionalDialog)
        self.caseRole.setObjectName(u"caseRole")

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.caseRole)

        self.isLead = QCheckBox(ProfessionalDialog)
        self.isLead.setObjectName(u"isLead")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.isLead)


        self.mainLayout.addLayout(self.form)

        self.error = QLabel(ProfessionalDialog)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.mainLayout.addWidget(self.error)

        self.buttons = QDialogButtonBox(ProfessionalDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.name)
        self.roleLabel.setBuddy(self.role)
        self.agencyLabel.setBuddy(self.agency)
        self.sectorLabel.setBuddy(self.sector)
        self.phoneLabel.setBuddy(self.phone)
        self.emailLabel.setBuddy(self.email)
        self.caseRoleLabel.setBuddy(self.caseRole)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ProfessionalDialog)

        QMetaObject.connectSlotsByName(ProfessionalDialog)
    # setupUi

    def retranslateUi(self, ProfessionalDialog):
        ProfessionalDialog.setWindowTitle(QCoreApplication.translate("ProfessionalDialog", u"Add a professional", None))
        self.nameLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"&Name:", None))
#if QT_CONFIG(accessibility)
        self.name.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Professional's name", None))
#endif // QT_CONFIG(accessibility)
        self.roleLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"&Job role:", None))
#if QT_CONFIG(accessibility)
        self.role.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Job role", None))
#endif // QT_CONFIG(accessibility)
        self.agencyLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"&Agency:", None))
#if QT_CONFIG(accessibility)
        self.agency.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Agency", None))
#endif // QT_CONFIG(accessibility)
        self.sectorLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"&Sector:", None))
#if QT_CONFIG(accessibility)
        self.sector.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Sector", None))
#endif // QT_CONFIG(accessibility)
        self.phoneLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"&Phone:", None))
#if QT_CONFIG(accessibility)
        self.phone.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Phone", None))
#endif // QT_CONFIG(accessibility)
        self.emailLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"Secure &email:", None))
#if QT_CONFIG(accessibility)
        self.email.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Secure email", None))
#endif // QT_CONFIG(accessibility)
        self.caseRoleLabel.setText(QCoreApplication.translate("ProfessionalDialog", u"Role on this &case:", None))
#if QT_CONFIG(accessibility)
        self.caseRole.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Role on this case", None))
#endif // QT_CONFIG(accessibility)
        self.isLead.setText(QCoreApplication.translate("ProfessionalDialog", u"&Lead professional for this case", None))
#if QT_CONFIG(accessibility)
        self.isLead.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Lead professional", None))
#endif // QT_CONFIG(accessibility)
        self.error.setText("")
#if QT_CONFIG(accessibility)
        self.error.setAccessibleName(QCoreApplication.translate("ProfessionalDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

