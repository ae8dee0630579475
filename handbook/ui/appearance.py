"""Themes: light, dark or the system's, for the window (palette) and the pages (stylesheet).

The system's high-contrast setting wins over the chosen theme: the palette is left as
the system made it and pages drop their own colours. Printing never follows the theme:
it has its own black-on-white print.css (handbook/ui/printing.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from handbook.contrast import contrast_ratio, system_colours_css
from handbook.indexlayout import DARK_CSS, STYLES_DIR
from handbook.pagehtml import read_stylesheet
from handbook.ui.menus import menu
from handbook.userdata import THEMES

if TYPE_CHECKING:
    from handbook.ui.host import PageHost

THEME_LABELS = {"light": "&Light", "dark": "&Dark", "system": "Follow &System"}  # THEMES' menu
DARK_SHEET = DARK_CSS
HIGH_CONTRAST = "high-contrast"  # what is applied, beside "light" and "dark"
STYLE_FOR_OWN_PALETTE = "Fusion"  # native styles (Windows Vista, macOS) ignore dark palettes
HIGH_CONTRAST_RATIO = 15.0  # black on white is 21; ordinary light palettes are below this or
# give the page a lighter base than the window, which high-contrast schemes do not

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

DARK_COLOURS = {
    Role.Window: "#2b2b2b",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#1e1e1e",  # = body background in page-dark.css
    Role.AlternateBase: "#262626",
    Role.ToolTipBase: "#2b2b2b",
    Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#9a9a9a",
    Role.Text: "#e6e6e6",
    Role.Button: "#353535",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ff7b7b",
    Role.Light: "#4a4a4a",
    Role.Midlight: "#3d3d3d",
    Role.Mid: "#2f2f2f",
    Role.Dark: "#1a1a1a",
    Role.Shadow: "#0a0a0a",
    Role.Highlight: "#2f6aa3",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#8cc4ff",  # = links in page-dark.css
    Role.LinkVisited: "#c6a8ff",
}
DARK_DISABLED = {
    Role.WindowText: "#808080",
    Role.Text: "#808080",
    Role.ButtonText: "#808080",
    Role.Highlight: "#3a3a3a",
    Role.HighlightedText: "#a0a0a0",
}
LIGHT_COLOURS = {  # Fusion's own light palette, used when the system's is dark
    Role.Window: "#efefef",
    Role.WindowText: "#000000",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f7f7f7",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#000000",
    Role.PlaceholderText: "#767676",
    Role.Text: "#000000",
    Role.Button: "#efefef",
    Role.ButtonText: "#000000",
    Role.Highlight: "#308cc6",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#0b5394",  # = links in page.css
    Role.LinkVisited: "#6a1b9a",
}
LIGHT_DISABLED = {Role.WindowText: "#8c8c8c", Role.Text: "#8c8c8c", Role.ButtonText: "#8c8c8c"}


def _palette(colours: dict[Role, str], disabled: dict[Role, str]) -> QPalette:
    palette = QPalette(QColor(colours[Role.Button]), QColor(colours[Role.Window]))
    for role, colour in colours.items():
        palette.setColor(Group.All, role, QColor(colour))
    for role, colour in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def dark_palette() -> QPalette:
    return _palette(DARK_COLOURS, DARK_DISABLED)


def light_palette() -> QPalette:
    return _palette(LIGHT_COLOURS, LIGHT_DISABLED)


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < 128


def palette_looks_high_contrast(palette: QPalette) -> bool:
    """For Qt before 6.10, which cannot report the system's contrast preference."""
    window, base = palette.color(Role.Window), palette.color(Role.Base)
    return (
        _rgb(window) == _rgb(base)
        and contrast_ratio(_rgb(window), _rgb(palette.color(Role.WindowText)))
        >= HIGH_CONTRAST_RATIO
        and contrast_ratio(_rgb(base), _rgb(palette.color(Role.Text))) >= HIGH_CONTRAST_RATIO
    )


def system_contrast_preference() -> bool | None:
    """True or False from Qt 6.10's accessibility hints; None where Qt cannot tell."""
    hints = QGuiApplication.styleHints()  # kept in a name: a chained call loses the object
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return None
    a11y = accessibility()
    return bool(a11y.contrastPreference() == Qt.ContrastPreference.HighContrast)


def system_high_contrast(native: QPalette) -> bool:
    preference = system_contrast_preference()
    return palette_looks_high_contrast(native) if preference is None else preference


def system_prefers_dark(native: QPalette) -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return palette_is_dark(native)


class _AppLook:
    """The application's style and palette as the system made them, and our overrides."""

    native_style: str | None = None
    overridden = False

    @classmethod
    def restore_native(cls, app: QApplication) -> QPalette:
        if cls.overridden:
            native = cls.native_style or ""
            if native and app.style().name().lower() != native.lower():
                app.setStyle(native)
            app.setPalette(QPalette())  # an empty palette resolves to the system's
            cls.overridden = False
        return app.palette()

    @classmethod
    def override(cls, app: QApplication, palette: QPalette) -> None:
        # The system's style is noted only here, when it is about to be replaced: asking
        # for it at start made Qt's QStyle class and its enums (5 ms) before the first frame.
        if cls.native_style is None:
            cls.native_style = app.style().name()
        if app.style().name().lower() != STYLE_FOR_OWN_PALETTE.lower():
            app.setStyle(STYLE_FOR_OWN_PALETTE)
        app.setPalette(palette)
        cls.overridden = True


class Appearance(QObject):
    """The View > Theme menu and the theme applied to the window; one per main window."""

    def __init__(self, window: PageHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.applied = ""  # "light", "dark" or "high-contrast"
        self._told_missing = False
        self._css: str | None = None  # the page stylesheet this object last set
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        submenu = menu(window, "viewMenu", "&View").addMenu("&Theme")
        submenu.setObjectName("themeMenu")
        self.menu = submenu
        self.actions: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(THEME_LABELS[name], self.group)
            action.setObjectName(f"theme-{name}")
            action.setCheckable(True)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            submenu.addAction(action)
            self.actions[name] = action
        submenu.addSeparator()
        self.high_contrast_note = submenu.addAction(
            "System high contrast is on: system colours used"
        )
        self.high_contrast_note.setObjectName("theme-high-contrast-note")
        self.high_contrast_note.setEnabled(False)
        self.high_contrast_note.setVisible(False)
        self._check(self.theme)
        # Kept in attributes: PySide loses these objects when the calls are chained.
        self._hints = QGuiApplication.styleHints()
        self._hints.colorSchemeChanged.connect(self._on_system_change)
        accessibility = getattr(self._hints, "accessibility", None)
        self._a11y = accessibility() if accessibility is not None else None
        if self._a11y is not None:
            self._a11y.contrastPreferenceChanged.connect(self._on_system_change)

    @property
    def theme(self) -> str:
        theme = str(self.window.settings.theme)
        return theme if theme in self.actions else "light"

    def _check(self, theme: str) -> None:
        self.actions[theme].setChecked(True)

    def set_theme(self, theme: str) -> None:
        """Apply a theme chosen from the menu and remember it."""
        if theme not in self.actions:
            raise ValueError(f"unknown theme {theme!r}")
        settings = self.window.settings
        settings.theme = theme
        self._check(theme)
        try:
            settings.save()
        except OSError as exc:
            self.window.statusBar().showMessage(f"The theme could not be saved: {exc}", 8000)
        self.apply()

    def _on_system_change(self, *_args: Any) -> None:
        self.apply()

    def apply(self, high_contrast: bool | None = None) -> str:
        """Set the palette and the page stylesheet; ``high_contrast`` None asks the system.

        Returns what was applied: "light", "dark" or "high-contrast".
        """
        app = QApplication.instance()
        assert isinstance(app, QApplication), "a QApplication must exist"
        native = _AppLook.restore_native(app)
        if high_contrast is None:
            high_contrast = system_high_contrast(native)
        base = read_stylesheet(self.window.catalog.index_dir)
        if high_contrast:
            applied = HIGH_CONTRAST
            css = system_colours_css(base, native.color(Role.Text).name())
        else:
            wanted_dark = self.theme == "dark" or (
                self.theme == "system" and system_prefers_dark(native)
            )
            dark_css = self._dark_sheet() if wanted_dark else None
            if dark_css is not None:
                applied, css = "dark", base + "\n" + dark_css
                _AppLook.override(app, dark_palette())
            else:
                applied, css = "light", base
                if palette_is_dark(native):  # a dark system, but light pages were asked for
                    _AppLook.override(app, light_palette())
        for action in self.actions.values():
            action.setEnabled(not high_contrast)
        self.high_contrast_note.setVisible(high_contrast)
        self.applied = applied
        self._show_pages_with(css, base)
        return applied

    def _dark_sheet(self) -> str | None:
        path = self.window.catalog.index_dir / STYLES_DIR / DARK_SHEET
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            if not self._told_missing:
                self._told_missing = True
                self.window.tell_user(
                    f"The dark theme is not available ({DARK_SHEET} is missing from the "
                    "installation); pages are shown in the light theme. Ask IT to run "
                    "'handbook check'."
                )
            return None

    def _show_pages_with(self, css: str, base: str) -> None:
        shown = self._css if self._css is not None else base  # the view starts with page.css
        self._css = css
        if css == shown:
            return
        view = self.window.page_view
        view.set_stylesheet(css)
        # Not window.reload_page(): that scrolls back to the top and clears the find
        # highlights; a new theme should leave the reader where they were.
        view.rerender()
