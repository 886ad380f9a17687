// Progressive enhancement only: the page works the same without this file.
// The data helper shows its estimate while you type, and "Estimate" fills in the data field
// without a round trip (the button still submits to the server when this script is absent).
(function () {
  "use strict";
  var form = document.getElementById("profile-form");
  if (!form) { return; }
  // A field's text as the server reads a number in it (form._normalise): NFKC (full-width digits and point), spaces
  // dropped, a Chinese full stop ending it dropped and one between digits a decimal point ("1。5", "30。"), and half
  // an hour 0.5 of one ("半小时", "半个小时", "1个半小时": form.HALF_HOUR).
  function plain(text) {
    return text.normalize("NFKC").replace(/ /g, "").replace(/。$/, "").replace(/([0-9])。(?=[0-9])/g, "$1.")
      .replace(/(^|[^0-9.])([0-9]+)个半(?=小时)/g, function (said, before, whole) { return before + whole + ".5"; })
      .replace(/(^|[^0-9.个])半个?(?=小时)/g, function (said, before) { return before + "0.5"; });
  }
  // A chosen bill goes with any submit button: the form posts multipart while a file is chosen
  // (without this script only the bill's own button does, through formmethod/formenctype).
  var file = document.getElementById("f-usage_csv");
  if (file) {
    file.addEventListener("change", function () {
      var chosen = file.files && file.files.length > 0;
      form.method = chosen ? "post" : "get";
      form.enctype = chosen ? "multipart/form-data" : "application/x-www-form-urlencoded";
    });
  }
  // Back from the results comes to the form as it was sent, as "Change my answers" does: the form's own
  // history entry takes the answers as its query, and the server fills them in again (the numbers typed
  // and the lines added in place, which the browser does not put back itself: the pages are no-store and
  // the fields autocomplete="off"). A chosen file cannot be put back; everything else is.
  function answers(withLang) {  // the form's answers as a query (a chosen file cannot travel in one)
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && (withLang || name !== "lang")) { query.append(name, value); }
    });
    // the bill this form says to choose again (?bill=, after a posted bill's results; or the form sent back with a
    // bill and another field's error, at /results, its note alone saying so) is said after a switch too
    var bill = new URLSearchParams(window.location.search).get("bill") ||
      (document.getElementById("n-usage_csv") ? "1" : null);
    if (bill) { query.append("bill", bill); }
    return query;
  }
  function remember() {  // this page's history entry takes the answers as they are now (what Back comes to)
    if (!window.history || !history.replaceState || !window.URLSearchParams || !window.FormData) { return; }
    var query = answers(true);  // (with the form's own lang: the page's once, not again from its address; QA)
    history.replaceState(history.state, "", form.getAttribute("data-form-url") + "?" + query.toString());
  }
  form.addEventListener("submit", remember);
  // Minutes said in hours ("5小时", "1.5h", "1小时30分钟") are written as the minutes they are when the field is left
  // (5 h is 300, 1 h 30 is 90), as the server reads them (form.IN_HOURS, given by the page); anything else is left to
  // the server.
  var inHours = new RegExp("^(?:" + (form.getAttribute("data-in-hours") || "(?!)") + ")$", "i");
  var minuteFields = (form.getAttribute("data-minute-fields") || "").split(" ");
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (minuteFields.indexOf(field.name) < 0 || typeof field.value !== "string") { return; }
    var said = inHours.exec(plain(field.value));
    var minutes = said ? Number(said[1]) * 60 + Number(said[2] || 0) : NaN;
    if (isFinite(minutes) && Math.abs(minutes - Math.round(minutes)) < 1e-9) { field.value = String(Math.round(minutes)); }
  });
  // The language switch keeps what was typed: the link (the page as sent, in the other language) knows nothing
  // of answers typed since, so once the form differs from the page as it came, the switch goes to the form with
  // the answers as they are now (as Back does), in the other language. Unedited, the link is followed as written
  // (a preset's page, or the errors said again in the other language).
  var switcher = document.querySelector(".lang-switch");
  if (switcher && window.URLSearchParams && window.FormData && window.URL) {
    var asSent = answers(false).toString();
    switcher.addEventListener("click", function (event) {
      var now = answers(false).toString();
      var other = new URL(switcher.href, window.location.href).searchParams.get("lang");
      if (now === asSent || !other) { return; }
      event.preventDefault();
      remember();  // (Back from the other language comes to these answers, not to the page as it came: QA)
      window.location.assign(form.getAttribute("data-form-url") + "?" + now + "&lang=" + encodeURIComponent(other));
    });
  }
  // "+ Add a line" adds a household line in place (without this script it reloads the form with one more).
  var lines = document.getElementById("lines");
  var template = document.getElementById("line-template");
  var add = document.getElementById("add-line");
  var status = document.getElementById("lines-status");
  function renumber() {
    var rows = lines.querySelectorAll(".line-row");
    for (var i = 0; i < rows.length; i++) {
      var n = String(i + 1);
      var legend = rows[i].querySelector("legend");
      legend.textContent = legend.getAttribute("data-template").replace("{n}", n);
      rows[i].querySelector(".remove-line").setAttribute("aria-label",
        add.getAttribute("data-remove-label").replace("{n}", n));
    }
    add.disabled = rows.length >= Number(add.getAttribute("data-max"));
  }
  function enable(row) {
    var legend = row.querySelector("legend");
    if (!legend.getAttribute("data-template")) {
      legend.setAttribute("data-template", add.getAttribute("data-line-label"));
    }
    var remove = row.querySelector(".remove-line");
    remove.addEventListener("click", function (event) {
      event.preventDefault();  // (in place: without the script the button sends the form back without the line)
      var rows = Array.prototype.slice.call(lines.querySelectorAll(".line-row"));
      var n = String(rows.indexOf(row) + 1);
      row.parentNode.removeChild(row);
      renumber();
      // said, as the lines after it are numbered anew (found by the screen-reader user's test: nothing was)
      if (status) { status.textContent = add.getAttribute("data-removed").replace("{n}", n); }
      add.focus();
    });
  }
  // A new row's ids (and its labels' for) use the next free index, never its position: after a removal
  // the position of a new row can be an index an earlier row still has.
  function nextIndex() {
    var rows = lines.querySelectorAll(".line-row"), highest = 0;
    for (var i = 0; i < rows.length; i++) {
      highest = Math.max(highest, Number(rows[i].getAttribute("data-line")) || 0);
    }
    return highest + 1;
  }
  if (lines && template && add) {
    Array.prototype.forEach.call(lines.querySelectorAll(".line-row"), enable);
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var count = lines.querySelectorAll(".line-row").length;
      if (count >= Number(add.getAttribute("data-max"))) { return; }
      var n = String(nextIndex());
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.split("__N__").join(n);
      var row = holder.firstElementChild;
      lines.appendChild(row);
      enable(row);
      renumber();
      row.querySelector("input").focus();
    });
  }
  var video = document.getElementById("f-video_hours");
  var social = document.getElementById("f-social_hours");
  var output = document.getElementById("estimate-output");
  var button = document.getElementById("estimate-button");
  var data = document.getElementById("f-data_gb");
  if (!video || !social || !output || !button || !data) { return; }
  var GB_PER_VIDEO_HOUR = 1.0, GB_PER_SOCIAL_HOUR = 0.3, DAYS = 30;
  var unitAfter = new RegExp("^(\\d+\\.?\\d*|\\.\\d+)(?:" + (output.getAttribute("data-unit") || "") + ")?$", "i");

  function hours(input) {
    // Full-width digits and point ("１．５", typed with a Chinese input method), its full stop ("1。5") and spaces read
    // as the server reads them (``plain``): they showed no estimate (QA).
    var text = plain(input.value || "").trim();
    if (text === "") { return 0; }
    // Only digits and one point, as the server reads them ("1e1" is not 10, nor "0x2" 2), and the unit the page
    // writes beside the field ("1小时", "2个小时", "1.5h", "1小时/天"): the server's own pattern (form.HOURS_AFTER,
    // the output's data-unit); anything else is left to the server, which says how to write it.
    var said = unitAfter.exec(text);
    if (!said) { return NaN; }
    var value = Number(said[1]);
    return isFinite(value) && value >= 0 && value <= 24 ? value : NaN;
  }
  function estimate() {
    var v = hours(video), s = hours(social);
    if (isNaN(v) || isNaN(s) || v + s > 24) { return null; }
    return Math.ceil((v * GB_PER_VIDEO_HOUR + s * GB_PER_SOCIAL_HOUR) * DAYS - 1e-9);
  }
  function show() {
    var gb = estimate();
    output.textContent = gb === null || (video.value.trim() === "" && social.value.trim() === "")
      ? "" : output.getAttribute("data-template").replace("{gb}", String(gb));
  }
  video.addEventListener("input", show);
  social.addEventListener("input", show);
  // Enter in the helper's hours estimates, as its button does: the form's default button found the bundles for the
  // data field's figure, the estimate just announced dropped unsaid (found by the screen-reader user's test).
  [video, social].forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.isComposing) {  // (not an input method's Enter choosing its characters)
        event.preventDefault();
        button.click();
      }
    });
  });
  button.addEventListener("click", function (event) {
    var gb = estimate();
    // Bad hours, or none at all: the data field keeps what was typed and the server explains.
    if (gb === null || hours(video) + hours(social) === 0) { return; }
    event.preventDefault();
    data.value = String(gb);
    var shareVideo = document.getElementById("f-share_video");
    var shareSocial = document.getElementById("f-share_social");
    if (shareVideo && shareSocial) {  // the same rule as the server: whole GB, rounded down
      shareVideo.value = String(Math.floor(hours(video) * GB_PER_VIDEO_HOUR * DAYS + 1e-9));
      shareSocial.value = String(Math.floor(hours(social) * GB_PER_SOCIAL_HOUR * DAYS + 1e-9));
    }
    data.focus();
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  show();
}());
