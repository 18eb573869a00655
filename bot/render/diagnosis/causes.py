"""Each cause's title and the one action the articles give for it."""

from __future__ import annotations

from collections.abc import Mapping

from bot.analytics.diagnose import Cause, Finding

TITLES: Mapping[Cause, str] = {
    Cause.BOT_PURGE: "Bot purge: TikTok removed fake followers",
    Cause.REACH_COLLAPSE: "Reach collapse (possible shadow ban or guideline strike)",
    Cause.INACTIVITY: "Inactivity: posting slowed or stopped",
    Cause.NICHE_SHIFT: "Niche shift: recent posts left the account's usual topics",
    Cause.ENGAGEMENT_DECLINE: "Engagement decline",
    Cause.PLATFORM: "Platform-wide change",
    Cause.CONTENT: "Content not resonating",
}

GUIDELINES = (
    "violence, nudity, shocking or graphic content, misinformation, hate speech or bullying, "
    "illegal activities or items"
)

# The advice cites its source as users see it: "000 §N" is "Why Am I Losing Followers on
# TikTok?" at its numbered section N, "002" is "What is net followers on TikTok".
ADVICE: Mapping[Cause, str] = {
    Cause.BOT_PURGE: (
        "Don't panic: these were most likely bot accounts TikTok removed; the followers left are "
        "real ones who engage (000 §5: 'be happy about it'). Keep posting as before."
    ),
    Cause.REACH_COLLAPSE: (
        f"Check recent videos against TikTok's community guidelines ({GUIDELINES}); remove "
        "anything borderline, and keep posting original content until For You reach recovers."
    ),
    Cause.INACTIVITY: (
        "Post again now and keep a steady schedule: at least three to five times a week (002); "
        "TikTok itself recommends 1-4 posts a day (000 §6)."
    ),
    Cause.NICHE_SHIFT: (
        "Go back to the niche your followers came for; if you want new topics, bring them in "
        "gradually and tied to it (000 §1), and balance trends with your niche (002)."
    ),
    Cause.ENGAGEMENT_DECLINE: (
        "Reply to comments, go LIVE and interact with your followers: that personal connection "
        "builds loyalty and keeps them from unfollowing (002)."
    ),
    Cause.PLATFORM: (
        "Nothing in this account explains the loss: keep posting and playing by the rules you "
        "know; there is no way to 'fix' the algorithm on your own (000 §2)."
    ),
    Cause.CONTENT: (
        "Audit recent videos: make authentic, emotionally charged videos that make a viewer "
        "think 'I have to follow this person', and keep the quality up on every one."
    ),
}


def cause_title(cause: Cause) -> str:
    return TITLES[cause]


def advice(finding: Finding) -> str:
    return ADVICE[finding.cause]
