"""The words for a plan's issued versions and for who holds which: the chooser's label,
the versions table, the line naming anyone who still holds an older version."""

from __future__ import annotations

from tac_desktop.core.services.safety_plans import Holder, PlanSummary, VersionView
from tac_desktop.gui.shared.item_models import Column, format_date


def plan_label(plan: PlanSummary) -> str:
    whom = f"for {plan.for_name}" if plan.for_name else "for the whole family"
    if plan.latest_number is None:
        state = "draft, not issued yet"
    else:
        state = f"version {plan.latest_number}, review by {format_date(plan.review_on)}"
    return f"{plan.title}, {whom} · {state}"


def holder_text(holder: Holder) -> str:
    return (
        f"{holder.recipient} (version {holder.version}, sent {format_date(holder.sent_on)}, "
        f"{holder.how.label.lower()})"
    )


def sends_text(version: VersionView) -> str:
    return "; ".join(
        f"{s.recipient} ({format_date(s.sent_on)}, {s.how.label.lower()})" for s in version.sends
    )


def version_details(version: VersionView) -> str:
    """Everything about one version, for the line under the list."""
    sent = sends_text(version) or "not recorded as sent to anyone yet"
    return (
        f"Version {version.number}, issued {format_date(version.issued_on)}. Why it changed: "
        f"{version.reason} Agreed by: {version.agreed_by}. Review by "
        f"{format_date(version.review_on)}. Sent to: {sent}."
    )


VERSION_COLUMNS: list[Column[VersionView]] = [
    Column("Version", lambda v: str(v.number), lambda v: v.number, version_details),
    Column("Issued", lambda v: format_date(v.issued_on), lambda v: v.issued_on, version_details),
    Column("Why it changed", lambda v: v.reason, tooltip=lambda v: v.reason),
    Column("Who agreed", lambda v: v.agreed_by, tooltip=lambda v: v.agreed_by),
    Column("Review by", lambda v: format_date(v.review_on), lambda v: v.review_on),
    Column("Sent to", lambda v: sends_text(v) or "not recorded yet"),
]
