// The error summary of a form sent with mistakes takes the focus, so that screen readers read
// it and keyboard users start there; its links move to the field (opening a folded section
// that holds it) and focus it, with its label in view.
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function fieldOf(link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target && !target.matches("input, select, textarea, button")) {
      // A group of checkboxes or radio buttons: its first control.
      target =
        target.querySelector("details:not([hidden]) input[type='checkbox']") ||
        target.querySelector("input:not([type='search']), select, textarea") ||
        target;
    }
    return target;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = fieldOf(link);
    if (!field) {
      return;
    }
    event.preventDefault();
    openSectionsOf(field);
    var label = (field.id && document.querySelector("label[for='" + field.id + "']")) || field;
    label.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  // Switching the language on a form keeps what was typed: the form's values travel to the
  // same page in the other language (in this tab's session storage, never to the server) and
  // are put back there, with a notice that they are not saved yet.
  var CARRY_KEY = "ncc-portal:typed";

  function formsToCarry() {
    var summaryShown = document.querySelector("[data-error-summary]") !== null;
    return Array.prototype.filter.call(
      document.querySelectorAll("main form[method='post'], main form[method='POST']"),
      function (form) {
        return summaryShown || isChanged(form);
      }
    );
  }

  function isChanged(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (option) {
          return option.selected !== option.defaultSelected;
        });
      }
      if (field.type === "file" || field.type === "hidden" || !("defaultValue" in field)) {
        return false;
      }
      return field.value !== field.defaultValue;
    });
  }

  function valuesOf(form) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.type === "file" || field.type === "hidden") {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        values.push([field.name, field.value, field.checked]);
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          values.push([field.name, option.value, option.selected]);
        });
      } else if (field.tagName !== "BUTTON") {
        values.push([field.name, field.value, null]);
      }
    });
    return values;
  }

  function openSectionsOf(field) {
    for (var section = field.closest("details"); section; section = section.parentElement.closest("details")) {
      section.open = true;
    }
  }

  function putBack(form, values) {
    values.forEach(function (entry) {
      var name = entry[0], value = entry[1], chosen = entry[2];
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== name) {
          return;
        }
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.value === value) {
            field.checked = chosen;
          }
        } else if (field.tagName === "SELECT") {
          Array.prototype.forEach.call(field.options, function (option) {
            if (option.value === value) {
              option.selected = chosen;
            }
          });
        } else if (chosen === null) {
          field.value = value;
          if (value) {
            openSectionsOf(field);
          }
        }
      });
    });
  }

  function pathOf(href) {
    // The page's address without its language prefix (/en/initiatives/new/ → initiatives/new/).
    return new URL(href, window.location.href).pathname.replace(/^\/[a-z]{2}\//, "");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".language-switcher a[href]");
    if (!link) {
      return;
    }
    var forms = formsToCarry();
    if (!forms.length || pathOf(link.href) !== pathOf(window.location.href)) {
      return;
    }
    try {
      window.sessionStorage.setItem(
        CARRY_KEY,
        JSON.stringify({ path: pathOf(link.href), forms: forms.map(valuesOf) })
      );
    } catch (error) {
      // No storage (private mode, full): ask rather than lose what was typed.
      if (!window.confirm(document.body.dataset.leaveWarning || "")) {
        event.preventDefault();
      }
    }
  });

  function restoreCarried() {
    var carried;
    try {
      carried = JSON.parse(window.sessionStorage.getItem(CARRY_KEY) || "null");
      window.sessionStorage.removeItem(CARRY_KEY);
    } catch (error) {
      return;
    }
    if (!carried || carried.path !== pathOf(window.location.href)) {
      return;
    }
    var forms = document.querySelectorAll("main form[method='post'], main form[method='POST']");
    carried.forms.forEach(function (values, index) {
      if (forms[index]) {
        putBack(forms[index], values);
      }
    });
    if (forms[0]) {
      var notice = document.createElement("p");
      notice.className = "status-banner";
      notice.setAttribute("role", "status");
      notice.setAttribute("data-kept-notice", "");
      notice.textContent = document.body.dataset.typedKept || "";
      forms[0].parentNode.insertBefore(notice, forms[0]);
    }
  }

  // The language a text is written in: its group of fields comes first and opens; the
  // others are marked as optional translations.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[name='original_language'], select[name$='-original_language']");
    if (!select || !select.form) {
      return;
    }
    var container = select.form.querySelector("[data-language-groups]");
    var chosen = container && container.querySelector("details[data-language='" + select.value + "']");
    if (!chosen) {
      return;
    }
    container.insertBefore(chosen, container.firstElementChild);
    chosen.open = true;
    Array.prototype.forEach.call(container.querySelectorAll("details[data-language]"), function (group) {
      var hint = group.querySelector("[data-translation-hint]");
      if (hint) {
        hint.hidden = group === chosen;
      }
    });
  });

  // The region picker (ncc_portal.widgets.RegionPicker): only the chosen country's regions
  // (and any region already ticked), filtered by the words typed into its search field.
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function updateRegionPicker(picker) {
    var form = picker.closest("form");
    var countryField = form && form.elements[picker.dataset.countryField];
    var country = countryField ? countryField.value : "";
    var words = plain(picker.querySelector("[data-region-search]").value).split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(picker.querySelectorAll("details[data-country]"), function (group) {
      var inCountry = !country || group.dataset.country === country;
      var inGroup = 0;
      Array.prototype.forEach.call(group.querySelectorAll("li[data-region-name]"), function (item) {
        var ticked = item.querySelector("input").checked;
        var name = plain(item.dataset.regionName);
        var matches = words.every(function (word) { return name.indexOf(word) !== -1; });
        // Another country's regions stay in view only while they are ticked.
        item.hidden = !(ticked || (inCountry && matches));
        if (!item.hidden) {
          inGroup += 1;
        }
      });
      group.hidden = inGroup === 0;
      if (!group.hidden) {
        shown += inGroup;
        if (words.length || group.dataset.country === country) {
          group.open = true;
        }
      }
    });
    var status = picker.querySelector("[data-region-status]");
    status.textContent = status.dataset.template.replace("%(count)s", shown);
  }

  function setUpRegionPickers() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-region-picker]"), function (picker) {
      picker.querySelector("[data-region-search-box]").hidden = false;
      picker.querySelector("[data-region-search]").addEventListener("input", function () {
        updateRegionPicker(picker);
      });
      var form = picker.closest("form");
      var countryField = form && form.elements[picker.dataset.countryField];
      if (countryField) {
        countryField.addEventListener("change", function () {
          updateRegionPicker(picker);
        });
      }
      updateRegionPicker(picker);
    });
  }

  // The reader's time zone, for the times of sessions held in another zone (a preference
  // cookie: the zone's name only).
  function rememberTimeZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    if (zone && document.cookie.indexOf("ncc_tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "ncc_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    rememberTimeZone();
    restoreCarried();
    setUpRegionPickers();
    focusSummary(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusSummary(event.target);
  });
})();
