// VănPhòng: behaviour shared by every page. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("vp-htmx-error");
  if (box) { box.hidden = false; }
});

// Dates: every input with data-vp-date ("date" or "datetime") is typed and shown as dd/mm/yyyy
// (see vanphong/core/widgets.py); flatpickr adds the picker, in Vietnamese unless the page is
// in English. Typing stays allowed, so the field also works from the keyboard alone.
function vpDatePickers(root) {
  if (typeof window.flatpickr !== "function") { return; }
  var lang = (document.documentElement.getAttribute("lang") || "vi").slice(0, 2);
  var locale = lang === "vi" && window.flatpickr.l10ns && window.flatpickr.l10ns.vn ? "vn" : "default";
  (root || document).querySelectorAll("input[data-vp-date]").forEach(function (input) {
    if (input._flatpickr) { return; }
    var withTime = input.getAttribute("data-vp-date") === "datetime";
    window.flatpickr(input, {
      locale: locale,
      allowInput: true,
      clickOpens: true,
      disableMobile: true,
      enableTime: withTime,
      time_24hr: true,
      dateFormat: withTime ? "d/m/Y H:i" : "d/m/Y",
      minDate: input.getAttribute("data-vp-min") || null,
      maxDate: input.getAttribute("data-vp-max") || null,
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { vpDatePickers(document); });
document.addEventListener("htmx:afterSwap", function (event) { vpDatePickers(event.target); });
