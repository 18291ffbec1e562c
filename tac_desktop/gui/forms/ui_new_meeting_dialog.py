# Generated from forms/new_meeting_dialog.ui by scripts/build_forms.py. Do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_meeting_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_NewMeetingDialog(object):
    def setupUi(self, NewMeetingDialog):
        if not NewMeetingDialog.objectName():
            NewMeetingDialog.setObjectName(u"NewMeetingDialog")
        NewMeetingDialog.resize(520, 260)
        self.mainLayout = QVBoxLayout(NewMeetingDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.intro = QLabel(NewMeetingDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.agendaLabel = QLabel(NewMeetingDialog)
        self.agendaLabel.setObjectName(u"agendaLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.agendaLabel)

        self.agenda = QComboBox(NewMeetingDialog)
        self.agenda.setObjectName(u"agenda")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.agenda.sizePolicy().hasHeightForWidth())
        self.agenda.setSizePolicy(sizePolicy)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.agenda)

        self.dateLabel = QLabel(NewMeetingDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.heldOn = QDateEdit(NewMeetingDialog)
        self.heldOn.setObjectName(u"heldOn")
        self.heldOn.setCalendarPopup(True)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.heldOn)

        self.startLabel = QLabel(NewMeetingDialog)
        self.startLabel.setObjectName(u"startLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.startLabel)

        self.startTime = QLineEdit(NewMeetingDialog)
        self.startTime.setObjectName(u"startTime")
        self.startTime.setMaxLength(5)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.startTime)

        self.venueLabel = QLabel(NewMeetingDialog)
        self.venueLabel.setObjectName(u"venueLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.venueLabel)

        self.venue = QLineEdit(NewMeetingDialog)
        self.venue.setObjectName(u"venue")
        self.venue.setMaxLength(200)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.venue)


        self.mainLayout.addLayout(self.form)

        self.error = QLabel(NewMeetingDialog)
        self.error.setObjectName(u"error")
        self.error.setWordWrap(True)

        self.mainLayout.addWidget(self.error)

        self.spacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.spacer)

        self.buttons = QDialogButtonBox(NewMeetingDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.agendaLabel.setBuddy(self.agenda)
        self.dateLabel.setBuddy(self.heldOn)
        self.startLabel.setBuddy(self.startTime)
        self.venueLabel.setBuddy(self.venue)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.agenda, self.heldOn)
        QWidget.setTabOrder(self.heldOn, self.startTime)
        QWidget.setTabOrder(self.startTime, self.venue)

        self.retranslateUi(NewMeetingDialog)

        QMetaObject.connectSlotsByName(NewMeetingDialog)
    # setupUi

    def retranslateUi(self, NewMeetingDialog):
        NewMeetingDialog.setWindowTitle(QCoreApplication.translate("NewMeetingDialog", u"New meeting", None))
        self.intro.setText(QCoreApplication.translate("NewMeetingDialog", u"Choose the agenda and when and where the team meets. Attendance, Think Family and the next review are always part of the meeting.", None))
        self.agendaLabel.setText(QCoreApplication.translate("NewMeetingDialog", u"&Agenda:", None))
#if QT_CONFIG(accessibility)
        self.agenda.setAccessibleName(QCoreApplication.translate("NewMeetingDialog", u"Agenda", None))
#endif // QT_CONFIG(accessibility)
        self.dateLabel.setText(QCoreApplication.translate("NewMeetingDialog", u"&Date:", None))
#if QT_CONFIG(accessibility)
        self.heldOn.setAccessibleName(QCoreApplication.translate("NewMeetingDialog", u"Meeting date", None))
#endif // QT_CONFIG(accessibility)
        self.heldOn.setDisplayFormat(QCoreApplication.translate("NewMeetingDialog", u"ddd d MMM yyyy", None))
        self.startLabel.setText(QCoreApplication.translate("NewMeetingDialog", u"&Start time:", None))
#if QT_CONFIG(accessibility)
        self.startTime.setAccessibleName(QCoreApplication.translate("NewMeetingDialog", u"Start time", None))
#endif // QT_CONFIG(accessibility)
        self.startTime.setPlaceholderText(QCoreApplication.translate("NewMeetingDialog", u"for example 14:00 (may be left empty)", None))
        self.venueLabel.setText(QCoreApplication.translate("NewMeetingDialog", u"&Venue:", None))
#if QT_CONFIG(accessibility)
        self.venue.setAccessibleName(QCoreApplication.translate("NewMeetingDialog", u"Venue", None))
#endif // QT_CONFIG(accessibility)
        self.venue.setPlaceholderText(QCoreApplication.translate("NewMeetingDialog", u"for example Riverside Family Hub, room 2", None))
        self.error.setText("")
#if QT_CONFIG(accessibility)
        self.error.setAccessibleName(QCoreApplication.translate("NewMeetingDialog", u"Message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

