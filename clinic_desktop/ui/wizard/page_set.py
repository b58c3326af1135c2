"""The wizard's step pages, each built the first time it is asked for rather than all at opening."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from clinic_desktop.ui.wizard.page import WizardPage

PageFactory = Callable[[], WizardPage]


class PageSet(Mapping[str, WizardPage]):
    """Step name -> page; `pages[step]` builds the page on first use and hands it to `on_built`.

    `make(step)` only constructs it, so that constructing and polishing (when
    `on_built` puts it in the window) can run in two turns of the event loop.

    Opening a visit built all seven pages (about 0.4 s of a frozen window, most
    of it polishing widgets never looked at); now a page costs only when shown.
    Iterating lists every step; `built()` gives only the pages that exist.
    """

    def __init__(
        self,
        factories: Mapping[str, PageFactory],
        on_built: Callable[[str, WizardPage], None],
    ) -> None:
        self._factories = dict(factories)
        self._made: dict[str, WizardPage] = {}
        self._built: dict[str, WizardPage] = {}
        self._on_built = on_built

    def __getitem__(self, step: str) -> WizardPage:
        page = self._built.get(step)
        if page is None:
            page = self.make(step)
            self._built[step] = page
            self._on_built(step, page)
        return page

    def make(self, step: str) -> WizardPage:
        """The step's page, constructed but not yet handed to `on_built` (not on screen)."""
        page = self._made.get(step)
        if page is None:
            page = self._made[step] = self._factories[step]()
        return page

    def __contains__(self, step: object) -> bool:
        return step in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def is_built(self, step: str) -> bool:
        return step in self._built

    def built(self) -> list[WizardPage]:
        return list(self._built.values())
