"""The demo data registry: each app says what `manage.py demo_data` loads for it (in its AppConfig.ready()).

Core sits below every app, so its command knows none of them: an app registers the dotted path of its own
demo module, which has `load(out)` and may have `logins(out, style)` (what to print once everything is in).
Modules are imported only when the command runs, so no other process pays for them.
"""

from __future__ import annotations

_MODULES: list[str] = []


def register_demo(module: str) -> None:
    """Add an app's demo module; loaded in the order the apps register (INSTALLED_APPS order)."""
    if module not in _MODULES:
        _MODULES.append(module)


def demo_modules() -> list[str]:
    return list(_MODULES)
