// Inside Telegram the Mini App hands us initData, signed with the bot token; the
// server checks it names the person who sent /link before Upwork is opened.
(function () {
  var app = window.Telegram && window.Telegram.WebApp;
  if (!app || !app.initData) { return; }
  document.getElementById("init_data").value = app.initData;
  app.ready();
  document.getElementById("proceed").submit();
})();
