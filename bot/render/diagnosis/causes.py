"""Each cause's title and the one action the articles give for it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.analytics.diagnose import Cause, Finding
from bot.i18n import N_, _

TITLES: Mapping[Cause, str] = {
    Cause.BOT_PURGE: N_("Bot purge: TikTok removed fake followers"),
    Cause.REACH_COLLAPSE: N_("Reach collapse (possible shadow ban or guideline strike)"),
    Cause.INACTIVITY: N_("Inactivity: posting slowed or stopped"),
    Cause.NICHE_SHIFT: N_("Niche shift: recent posts left the account's usual topics"),
    Cause.ENGAGEMENT_DECLINE: N_("Engagement decline"),
    Cause.PLATFORM: N_("Platform-wide change"),
    Cause.CONTENT: N_("Content not resonating"),
}

# The articles are cited by their English titles and section headings, as published.
LOSING = "Why Am I Losing Followers on TikTok?"
NET = "What Is Net Followers on TikTok"

# The articles (by title) and their sections each cause and its advice rest on.
SOURCES: Mapping[Cause, tuple[tuple[str, str], ...]] = {
    Cause.BOT_PURGE: (
        (LOSING, "You Had a Lot of Bots Following Your Account"),
        (LOSING, "TikTok Changed Its Algorithm"),
    ),
    Cause.REACH_COLLAPSE: (
        (LOSING, "You’re Shadow Banned"),
        (LOSING, "Your Content Violates TikTok’s Community Guidelines"),
    ),
    Cause.INACTIVITY: (
        (LOSING, "You’re Not Being Active"),
        (NET, "How to Improve Your Net Followers on TikTok"),
    ),
    Cause.NICHE_SHIFT: (
        (LOSING, "Your Content Isn’t Resonating with Your Followers"),
        (NET, "Factors That Influence Net Followers on TikTok"),
    ),
    Cause.ENGAGEMENT_DECLINE: ((NET, "How to Improve Your Net Followers on TikTok"),),
    Cause.PLATFORM: ((LOSING, "TikTok Changed Its Algorithm"),),
    Cause.CONTENT: ((LOSING, "Your Content Isn’t Resonating with Your Followers"),),
}

ADVICE: Mapping[Cause, str] = {
    Cause.BOT_PURGE: N_(
        "Don't panic: these were most likely bot accounts TikTok removed; the followers left are "
        "real ones who engage ('be happy about it', as the article puts it). Keep posting as "
        "before."
    ),
    Cause.REACH_COLLAPSE: N_(
        "Check recent videos against TikTok's community guidelines (violence, nudity, shocking "
        "or graphic content, misinformation, hate speech or bullying, illegal activities or "
        "items); remove anything borderline, and keep posting original content until For You "
        "reach recovers."
    ),
    Cause.INACTIVITY: N_(
        "Post again now and keep a steady schedule: at least three to five times a week; "
        "TikTok itself recommends 1-4 posts a day."
    ),
    Cause.NICHE_SHIFT: N_(
        "Go back to the niche your followers came for; if you want new topics, bring them in "
        "gradually and tied to it, and balance trends with your niche."
    ),
    Cause.ENGAGEMENT_DECLINE: N_(
        "Reply to comments, go LIVE and interact with your followers: that personal connection "
        "builds loyalty and keeps them from unfollowing."
    ),
    Cause.PLATFORM: N_(
        "Nothing in this account explains the loss: keep posting and playing by the rules you "
        "know; there is no way to 'fix' the algorithm on your own."
    ),
    Cause.CONTENT: N_(
        "Audit recent videos: make authentic, emotionally charged videos that make a viewer "
        "think 'I have to follow this person', and keep the quality up on every one."
    ),
}


def cause_title(cause: Cause) -> str:
    return _(TITLES[cause])


def advice(finding: Finding) -> str:
    return _(ADVICE[finding.cause])


def quoted(title: str) -> str:
    """A title in the reply language's quotation marks."""
    # Translators: {title} is the title of a video, an article or an article's section.
    return _("“{title}”").format(title=title)


def sources(findings: Iterable[Finding]) -> str | None:
    """The articles the findings' advice comes from, by title with the sections used."""
    sections: dict[str, list[str]] = {}
    for finding in findings:
        for title, section in SOURCES[finding.cause]:
            listed = sections.setdefault(title, [])
            if section not in listed:
                listed.append(section)
    if not sections:
        return None
    cited = "; ".join(
        # Translators: {article} is an article's quoted (English) title, {sections} the quoted
        # titles of the sections of it the advice comes from.
        _("{article} ({sections})").format(
            article=quoted(title), sections=", ".join(quoted(s) for s in listed)
        )
        for title, listed in sections.items()
    )
    # Translators: {articles} lists the articles (by their English titles) the advice is from.
    return _("Advice from {articles}.").format(articles=cited)
