"""A team-wide finding over a big team: a short evidence line, the whole team kept apart."""

from __future__ import annotations

from bot.analytics.diagnose import Cause, Member, diagnose
from bot.render.diagnosis import cause_title, diagnosis_text, evidence, why_embeds
from tests.unit import synthetic as s


def test_platform_change_names_five_and_keeps_the_whole_team() -> None:
    scenario = s.Scenario(s.daily(s.losing_window()), s.posts(s.every_day()))
    handles = [f"team.{k:02d}" for k in range(12)]
    for key, handle in enumerate(handles, start=1):
        member = Member(s.daily(s.losing_window(), views=None), s.empty_posts(), handle)
        scenario.team[key] = member
    diagnosis = diagnose(scenario.daily, scenario.posts, end=s.END, team=scenario.team)
    [platform] = [f for f in diagnosis.findings if f.cause is Cause.PLATFORM]
    # All 13 lose -70 over the window: ties go by handle, five are named, the rest counted.
    assert evidence(platform)[0] == (
        "13 of 13 team accounts lost followers over 25 Mar – 31 Mar 2026 (100%) with no cause "
        "of their own: this one -70, "
        "@team.00 -70, @team.01 -70, @team.02 -70, @team.03 -70, @team.04 -70 and 7 more"
    )
    assert platform.accounts == tuple((handle, -70) for handle in handles)

    main, team = why_embeds("own", diagnosis)
    assert team.title == f"{cause_title(platform.cause)}: the 12 other team accounts losing"
    assert team.description == "\n".join(f"@{handle} -70" for handle in handles)
    assert main.fields[0].value is not None and "**Do:**" in main.fields[0].value
    text = diagnosis_text(diagnosis)
    assert "Team accounts losing: " + ", ".join(f"@{h} -70" for h in handles) in text
