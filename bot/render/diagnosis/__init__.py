"""The diagnosis in words: every sentence /why, the digest, alerts and the CLI show of it."""

from bot.render.diagnosis.causes import ADVICE, TITLES, advice, cause_title
from bot.render.diagnosis.evidence import evidence
from bot.render.diagnosis.gaps import EXPORTS, export_hint, reason
from bot.render.diagnosis.layout import (
    alert_lines,
    diagnosis_text,
    finding_body,
    finding_title,
    post_lines,
    strength,
    team_line,
    top_cause,
    unsupported_lines,
    why_embed,
    why_embeds,
)
from bot.render.diagnosis.summary import churn, churn_line, summary, window_summary

__all__ = [
    "ADVICE",
    "EXPORTS",
    "TITLES",
    "advice",
    "alert_lines",
    "cause_title",
    "churn",
    "churn_line",
    "diagnosis_text",
    "evidence",
    "export_hint",
    "finding_body",
    "finding_title",
    "post_lines",
    "reason",
    "strength",
    "summary",
    "team_line",
    "top_cause",
    "unsupported_lines",
    "why_embed",
    "why_embeds",
    "window_summary",
]
