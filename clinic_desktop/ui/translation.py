"""The interface language: which one the clinician chose (or the system's), and its Qt translators."""

from __future__ import annotations

import logging
import typing
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from clinic_desktop import paths

log = logging.getLogger(__name__)

LANGUAGE_SETTING = "interface/language"
ENGLISH = "en"
SPANISH = "es"
# Each language named in itself, as language menus customarily do: a clinician who cannot
# read the current interface still finds their own.
LANGUAGE_NAMES = {ENGLISH: "English", SPANISH: "Español"}
TRANSLATION_FILE = "clinic_desktop_{language}.qm"

_installed: list[QTranslator] = []
_installed_language = ENGLISH


def system_language() -> str:
    """Spanish when the system's locale is Spanish (any country), else English."""
    return SPANISH if QLocale.system().language() == QLocale.Language.Spanish else ENGLISH


def interface_language() -> str:
    """The language the clinician chose in the Account menu, else the system's."""
    saved = QSettings().value(LANGUAGE_SETTING)
    if saved is None:
        return system_language()
    if saved in LANGUAGE_NAMES:
        return str(saved)
    log.warning("Ignoring an unknown interface language setting")
    return system_language()


def installed_language() -> str:
    """The language the interface speaks now (a new choice applies at the next start)."""
    return _installed_language


def choose_interface_language(language: str) -> None:
    """Remember `language` for the next start; ValueError for a language the program lacks."""
    if language not in LANGUAGE_NAMES:
        raise ValueError(f"Interface language: {language!r} is not one of {sorted(LANGUAGE_NAMES)}")
    QSettings().setValue(LANGUAGE_SETTING, language)


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Replace the installed translations with the program's and Qt's own for `language`.

    English needs none. Widgets made afterwards speak the language; those already made keep
    theirs, so a change chosen in the window takes effect at the next start. A missing file
    is logged and skipped: the interface then stays in English rather than not starting.
    """
    global _installed_language
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    _installed_language = ENGLISH
    if language == ENGLISH:
        return []
    files = [
        str(paths.resource_path("i18n", TRANSLATION_FILE.format(language=language))),
        # Qt's standard dialog buttons (OK, Cancel, Yes...), shipped with PySide6.
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath) + f"/qtbase_{language}.qm",
    ]
    for file in files:
        # A child of the application: it lives as long as the application does.
        translator = QTranslator(app)
        if translator.load(file) and app.installTranslator(translator):
            _installed.append(translator)
            _installed_language = language
        else:
            log.warning("Interface translation %s could not be loaded", file)
            translator.deleteLater()
    return list(_installed)


def runtime_messages() -> list[tuple[str, str]]:
    """(context, text) of each string the interface translates that lupdate cannot find itself.

    lupdate reads literal `tr` and `translate` calls only: the vocabulary labels and table
    column titles are computed at run time, and a context held in a variable or a
    `tr = QCoreApplication.translate` alias defeats its Python parser. scripts/translations
    lists these for it, and the tests check each one is translated.
    """
    # Imported here: the wizard's widgets and the tables are not on the start-up path.
    from clinic_desktop.domain import vocabulary
    from clinic_desktop.knowledge.vascular import AbiCategoryName
    from clinic_desktop.ui.patients.table_models import PatientTableModel, VisitTableModel

    # The ABI categories are the rules' words; corrected calcium is a row the hormonal page adds.
    terms: list[str] = [*typing.get_args(AbiCategoryName), "corrected_calcium"]
    for name in dir(vocabulary):
        values = getattr(vocabulary, name)
        if name.isupper() and isinstance(values, tuple):
            terms.extend(value for value in values if isinstance(value, str))
    # As fields.label names a term; grades ("1+", "4-") have no words to translate.
    texts = {vocabulary.english_label(t) for t in terms}
    messages = {("vocabulary", text) for text in texts if any(c.isalpha() for c in text)}
    for model in (PatientTableModel, VisitTableModel):
        messages.update((model.context, title) for title, _text in model.columns)
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        messages.update(_literal_translate_calls(source))
    return sorted(messages)


def _literal_translate_calls(source: Path) -> set[tuple[str, str]]:
    """(context, text) of the literal translate calls in `source` that lupdate misreads.

    `translate(CONTEXT, "text")` whose context is a module constant or which goes through a
    `tr = QCoreApplication.translate` alias, and `page.tr("text")` on a parameter other than
    self: PySide6 looks such a text up under the parameter's class (and its bases), which
    the parameter's annotation names, where lupdate would file it under "page".
    """
    import ast  # for scripts/translations and the tests only: not on the start-up path

    tree = ast.parse(source.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        annotations = {
            argument.arg: ast.unparse(argument.annotation).strip("'\"")
            for argument in function.args.args
            if argument.annotation is not None
        }
        for call in ast.walk(function):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            texts = [
                argument.value
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                else constants.get(argument.id)
                if isinstance(argument, ast.Name)
                else None
                for argument in call.args[:2]
            ]
            called = call.func
            if (
                isinstance(called, ast.Attribute)
                and called.attr == "tr"
                and isinstance(called.value, ast.Name)
                and called.value.id in annotations
                and texts[0] is not None
            ):
                found.add((annotations[called.value.id], texts[0]))
            translates = (isinstance(called, ast.Name) and called.id == "tr") or (
                isinstance(called, ast.Attribute) and called.attr == "translate"
            )
            if translates and len(texts) == 2 and texts[0] is not None and texts[1] is not None:
                found.add((texts[0], texts[1]))
    return found
