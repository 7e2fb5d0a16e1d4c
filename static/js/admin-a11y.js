/*
 * Accessibility repairs for markup that third-party admin scripts build in the browser
 * (loaded on every admin page by templates/admin/base_site.html). Each repair answers an
 * axe-core violation that no template or stylesheet can reach, because the elements do
 * not exist until those scripts run:
 *
 * - Django's filter_horizontal widget (SelectFilter2.js) puts an aria-label on a bare
 *   <span> (the search icon): aria-label is not allowed without a role, so it gets
 *   role="img", which is what the icon is.
 * - modeltranslation's language tabs are jQuery UI tabs: an <a href> inside each
 *   role="tab" item, an interactive control nested in another. The link is made inert
 *   (no focus, no clicks, hidden from assistive technology) and the tab item itself,
 *   already focusable and keyboard-operable by jQuery UI, takes the clicks and the name.
 * - modeltranslation's "all languages" switch is a <select> without a label.
 * - Fields in table rows (tabular inlines, editable changelist columns) have no <label>:
 *   the column header names them, so it becomes their accessible name.
 *
 * The page's strings come from the admin's JavaScript catalogue (djangojs.po), which
 * every change form loads; without it the English text is the fallback.
 */
(function () {
  "use strict";

  function translate(text) {
    return typeof window.gettext === "function" ? window.gettext(text) : text;
  }

  function jquery() {
    return window.jQuery || (window.django && window.django.jQuery);
  }

  function repairSelectFilterIcons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  function repairTranslationTabs(root) {
    root.querySelectorAll('li[role="tab"] > a.ui-tabs-anchor:not([inert])').forEach((link) => {
      const tab = link.parentElement;
      const code = link.textContent.trim();
      const name = link.getAttribute("title") || "";
      link.inert = true;
      link.removeAttribute("title");
      if (name) {
        // The visible code first, so the accessible name contains the visible text.
        tab.setAttribute("aria-label", `${code} (${name})`);
        tab.setAttribute("title", name);
      }
      tab.addEventListener("click", (event) => {
        const $ = jquery();
        event.preventDefault();
        if ($ && $.fn.tabs) {
          $(tab).closest(".ui-tabs").tabs("option", "active", $(tab).index());
        }
      });
    });
  }

  function repairLanguageSwitch(root) {
    const select = root.querySelector("#modeltranslation-main-switch:not([aria-label])");
    if (select) {
      select.setAttribute("aria-label", translate("Language of the translated fields"));
    }
  }

  function columnHeader(cell) {
    const table = cell.closest("table");
    const fieldClass = [...cell.classList].find((name) => name.startsWith("field-"));
    if (fieldClass) {
      const header = table.querySelector(`thead th.column-${CSS.escape(fieldClass.slice(6))}`);
      if (header) {
        return header;
      }
    }
    const headerRow = table.tHead && table.tHead.rows[0];
    if (!headerRow) {
      return null;
    }
    let column = 0;
    for (const header of headerRow.cells) {
      if (cell.cellIndex >= column && cell.cellIndex < column + header.colSpan) {
        return header;
      }
      column += header.colSpan;
    }
    return null;
  }

  function labelTableFields(root) {
    const fields = root.querySelectorAll(
      "td input:not([type=hidden]), td select, td textarea"
    );
    fields.forEach((field) => {
      if (field.labels.length || field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby")) {
        return;
      }
      const header = columnHeader(field.closest("td"));
      const name = header && header.textContent.trim();
      if (name) {
        field.setAttribute("aria-label", name);
      }
    });
  }

  function repair() {
    labelTableFields(document);
    repairSelectFilterIcons(document);
    repairTranslationTabs(document);
    repairLanguageSwitch(document);
  }

  let scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(() => {
        scheduled = false;
        repair();
      });
    }
  }

  function start() {
    repair();
    new MutationObserver(schedule).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["role", "aria-label"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
