"""The Chinese reads as one careful voice: one word for each thing, 你, full-width marks (issue #20, item 5).

The rules are in docs/glossary.md. These tests read the catalogue a person is actually shown: ours, and the
Django and allauth strings as Chinese readers get them after our catalogue has overridden theirs.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.utils import translation

from complaints.core.management.commands.translations import catalog_path

# Banned variant -> the glossary word. Keep in step with docs/glossary.md.
BANNED = {
    "您": "你",
    "帐号": "账号",
    "帐户": "账号",
    "账户": "账号",
    "维权活动": "集体投诉",
    "活动": "集体投诉",
    "版主": "审核员",
    "管理员": "审核员",
    "投诉材料": "投诉文书",
    "申诉书": "投诉文书",
    "监管部门": "监管机构",
    "发起人": "组织者",
    "passkey": "通行密钥",
    "Passkey": "通行密钥",
    "双因素": "两步验证",
    "电子邮件地址": "邮箱地址",
    "登出": "退出登录",
    "群组": "小组",
    "案例": "案件",
}
# Where a banned form is the right word for something else. Each entry says why.
ALLOWED = (
    "银行账户",  # a bank account at a bank, not a person's login on the portal
    "银行卡账户",  # the same, said of a card
    "促销活动",  # a platform's promotion a member complains about, not our campaign
    "营销活动",  # the same
)
HALF_WIDTH_AFTER_CJK = re.compile(r"[\u4e00-\u9fff][,.:;?!](?!\w)")
DOUBLED = re.compile(r"[，。：；？！、][，。：；？！、]")


def _chinese(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def _our_catalogue() -> list[polib.POEntry]:
    # ":?.!" is not text but the set of marks after which Django adds no label colon.
    return [e for e in polib.pofile(str(catalog_path())) if not e.obsolete and e.msgid != ":?.!"]


def _banned_in(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return [word for word in BANNED if word in text]


def test_the_chinese_catalogue_uses_one_word_for_each_thing():
    found = {e.msgid: _banned_in(s) for e in _our_catalogue() for s in _chinese(e) if _banned_in(s)}
    assert found == {}, "banned variants (see docs/glossary.md): " + repr(list(found.items())[:10])


def test_the_allow_list_does_not_hide_a_banned_word_around_it():
    assert _banned_in("请把银行账户告诉审核员") == []
    assert _banned_in("请登录您的银行账户") == ["您"]
    assert _banned_in("账户余额") == ["账户"]


def test_no_half_width_punctuation_or_doubled_marks_after_chinese_text():
    half = [s for e in _our_catalogue() for s in _chinese(e) if HALF_WIDTH_AFTER_CJK.search(s)]
    doubled = [s for e in _our_catalogue() for s in _chinese(e) if DOUBLED.search(s)]
    corner = [s for e in _our_catalogue() for s in _chinese(e) if "「" in s or "」" in s]
    assert (half, doubled, corner) == ([], [], [])


def _library_msgids(package: str) -> list[polib.POEntry]:
    module = __import__(package)
    path = Path(module.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


def _shown(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return translation.ngettext(entry.msgid, entry.msgid_plural, 1)
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def test_allauth_pages_and_emails_say_ni_and_the_glossary_words():
    """allauth's own Chinese says 您, 账户 and "使用 passkey 登录"; what a person is shown does not."""
    with translation.override("zh-hans"):
        shown = {e.msgid: _shown(e) for e in _library_msgids("allauth")}
        assert shown["Sign in with a passkey"] == "使用通行密钥登录"
        assert "Hello" not in shown["Hello from %(site_name)s!"]
    bad = {k: v for k, v in shown.items() if _banned_in(v) or HALF_WIDTH_AFTER_CJK.search(v)}
    assert bad == {}, "add these to complaints/accounts/allauth_wording.py and translate them"


def test_django_widget_defaults_and_label_colons_are_chinese():
    from django import forms

    class Form(forms.Form):
        when = forms.CharField(label="什么时候发生的？")
        name = forms.CharField(label="名字")
        kind = forms.ModelChoiceField(queryset=None)

    with translation.override("zh-hans"):
        form = Form()
        assert str(form["when"].label_tag()).endswith("什么时候发生的？</label>")
        assert "名字：</label>" in str(form["name"].label_tag())
        assert str(form.fields["kind"].empty_label) == "请选择"


def test_django_form_errors_a_person_meets_say_ni():
    """Django's validation messages reach every form; its CSRF and debug pages and admin help do not count."""
    import django

    base = Path(django.__file__).parent
    entries = [
        *polib.pofile(str(base / "conf/locale/zh_Hans/LC_MESSAGES/django.po")),
        *polib.pofile(str(base / "contrib/auth/locale/zh_Hans/LC_MESSAGES/django.po")),
    ]
    # Django's own logout page and unique_for_date are not used here (allauth signs out; no such field).
    not_for_people = re.compile(
        r"CSRF|[Rr]efer|cookie|djangoproject|Designates|Set password|admin|Logged out|unique for the"
    )
    with translation.override("zh-hans"):
        shown = {e.msgid: _shown(e) for e in entries if not e.obsolete and not not_for_people.search(e.msgid)}
    bad = {k: v for k, v in shown.items() if _banned_in(v) or HALF_WIDTH_AFTER_CJK.search(v)}
    assert bad == {}, "add these to complaints/core/django_wording.py and translate them"
