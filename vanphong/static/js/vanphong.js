// VănPhòng: behaviour shared by every page. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("vp-htmx-error");
  if (box) { box.hidden = false; }
});
