// The practice page's attempt history, kept in this browser's localStorage
// and never sent anywhere: each scored attempt (question, score, level,
// time and the answer's text) is read from the data attributes of the
// feedback on the page, stored once, and listed under "Your attempts".
// Everything is written with textContent, so no stored text becomes markup.
(function () {
  'use strict';
  var KEY = 'assay.practice.attempts';
  var KEEP = 200;

  function load() {
    try {
      var list = JSON.parse(window.localStorage.getItem(KEY) || '[]');
      return Array.isArray(list) ? list.filter(function (a) { return a && typeof a === 'object'; }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list.slice(-KEEP)));
      return true;
    } catch (e) {
      return false;
    }
  }

  // The attempt on this page, recorded unless it already is (a page shown
  // again from the cache carries the same id).
  function record() {
    var attempt = document.getElementById('attempt');
    if (!attempt) { return; }
    var id = attempt.getAttribute('data-attempt');
    var list = load();
    if (list.some(function (a) { return a.id === id; })) { return; }
    var box = document.getElementById('answer');
    list.push({
      id: id,
      question: attempt.getAttribute('data-question'),
      score: Number(attempt.getAttribute('data-score')),
      level: attempt.getAttribute('data-level'),
      at: new Date().toISOString(),
      answer: box ? box.defaultValue : ''
    });
    save(list);
  }

  function element(name, text, className) {
    var e = document.createElement(name);
    if (text !== undefined) { e.textContent = text; }
    if (className) { e.className = className; }
    return e;
  }

  function when(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? '' : date.toLocaleString();
  }

  function show() {
    var section = document.getElementById('history');
    if (!section) { return; }
    var question = section.getAttribute('data-question');
    var all = load();
    var mine = question ? all.filter(function (a) { return a.question === question; }) : all;
    var list = document.getElementById('history-list');
    var empty = document.getElementById('history-empty');
    var scope = document.getElementById('history-scope');
    list.textContent = '';
    scope.textContent = question
      ? 'Your attempts at this question, oldest first. Kept in this browser only (' + all.length + ' in all).'
      : 'Your attempts at every question, oldest first. Kept in this browser only.';
    mine.forEach(function (a, n) {
      var item = element('li');
      item.setAttribute('data-score', String(a.score));
      var line = 'Attempt ' + (n + 1) + ': ' + Number(a.score).toFixed(1) + ' / 100, ' + (a.level || '');
      if (!question) { line += ' (' + (a.question || '') + ')'; }
      var time = when(a.at);
      if (time) { line += ', ' + time; }
      item.appendChild(element('span', line));
      if (n > 0 && typeof mine[n - 1].score === 'number') {
        var change = Number(a.score) - Number(mine[n - 1].score);
        item.appendChild(element('span', ' (' + (change >= 0 ? '+' : '') + change.toFixed(1) + ')', 'muted'));
      }
      if (a.answer) {
        var details = element('details');
        details.appendChild(element('summary', 'Show this answer'));
        details.appendChild(element('div', String(a.answer), 'answer'));
        item.appendChild(details);
      }
      list.appendChild(item);
    });
    empty.hidden = mine.length > 0;
    section.hidden = false;
  }

  function start() {
    record();
    show();
    var clear = document.getElementById('history-clear');
    if (clear) {
      clear.addEventListener('click', function () {
        try { window.localStorage.removeItem(KEY); } catch (e) { /* storage is off */ }
        show();
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
