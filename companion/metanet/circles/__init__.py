"""Circles: the golf club, the breakfast chapter, a firm's colleagues, a school's year.

A circle is a group of people as a network of its own. Being in one circle is not a
personal tie (a 500-member club would tie everyone to everyone): the answers treat it as a
weak connection whose strength falls with the circle's size (``answers/circles.py``).

* :mod:`.roster` — a member list (CSV, vCard, or a pasted list of names) read into rows,
  bad rows and duplicates refused with their line numbers;
* :mod:`.inferred` — circles from what profiles say (work, education and their years);
* :mod:`.pages` — captured pages that list a group's members become memberships.

Codes only; the words are the fronts' (``metanet.i18n.texts``). The rows live in the
store (``store/circles.py``).
"""

from __future__ import annotations

#: what a circle is; the user picks one, pages and profiles set their own
KINDS = (
    "club",
    "association",
    "chapter",
    "employer",
    "school",
    "neighbourhood",
    "online_group",
    "other",
)


class Origin:
    """Values of ``circles.origin``: who made the circle."""

    USER = "user"  # made by hand, or from a roster
    PAGE = "page"  # a captured page listed its members (a GitHub organisation's people)
    INFERRED = "inferred"  # profiles say their owners worked or studied there


class Source:
    """Values of ``circle_members.source``: what says that someone is a member."""

    USER = "user"  # the user added them
    ROSTER = "roster"  # an imported member list
    PAGE = "page"  # a captured page that lists the group's members
    PROFILE = "profile"  # the person's own profile: work or education there


#: years a membership or a circle may name
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_NAME = 200
