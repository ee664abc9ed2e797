// Ledger verification in the browser, for the "Verify" button of /ledger.
// Steps: (1) the checkpoint's Ed25519 signature against the verifier key (WebCrypto),
// (2) the Merkle root rebuilt from every entry (RFC 9162), (3) consistency with the checkpoint
// this browser verified last (kept in localStorage, with the key first seen), (4) the server's
// full audit. Nothing here trusts the server's own hashes: leaves are hashed from the entries.
"use strict";

(function () {
  const PAGE = 5000; // entries per request (the API's maximum)
  const encoder = new TextEncoder();

  function b64decode(text) {
    const raw = atob(text);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
    return out;
  }

  function b64encode(bytes) {
    let raw = "";
    for (const b of bytes) raw += String.fromCharCode(b);
    return btoa(raw);
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function concat(...parts) {
    const size = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
    return true;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const doc = await response.json();
    if (!doc.ok) throw new Error(doc.error.message);
    return doc;
  }

  // <name>+<hex key id>+<base64(0x01 || key)>; the base64 part may itself hold "+".
  async function parseVkey(text) {
    const first = text.indexOf("+");
    const second = text.indexOf("+", first + 1);
    if (first < 0 || second < 0) throw new Error("malformed verifier key");
    const name = text.slice(0, first);
    const id = text.slice(first + 1, second);
    const raw = b64decode(text.slice(second + 1));
    if (raw.length !== 33 || raw[0] !== 1) throw new Error("verifier key is not an Ed25519 key");
    const key = raw.slice(1);
    const computed = (await sha256(concat(encoder.encode(name + "\n"), new Uint8Array([1]), key))).slice(0, 4);
    if (hex(computed) !== id.toLowerCase()) throw new Error("verifier key id does not match its key");
    return { name, id: computed, key };
  }

  // C2SP signed note: text, blank line, lines "— <name> <base64(key id || signature)>".
  function parseNote(note) {
    const split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) throw new Error("checkpoint note is malformed");
    const text = note.slice(0, split + 1);
    const signatures = note.slice(split + 2, -1).split("\n").map((line) => {
      if (!line.startsWith("\u2014 ")) throw new Error("malformed signature line");
      const [name, value] = line.slice(2).split(" ");
      const raw = b64decode(value);
      return { name, id: raw.slice(0, 4), signature: raw.slice(4) };
    });
    const lines = text.slice(0, -1).split("\n");
    return { text, signatures, origin: lines[0], size: Number(lines[1]), root: b64decode(lines[2]) };
  }

  async function verifySignature(note, vkey) {
    const mine = note.signatures.filter((s) => s.name === vkey.name && equal(s.id, vkey.id));
    if (mine.length === 0) throw new Error("no signature by the verifier key " + vkey.name);
    let key;
    try {
      key = await crypto.subtle.importKey("raw", vkey.key, { name: "Ed25519" }, false, ["verify"]);
    } catch (error) {
      return false; // this browser's WebCrypto has no Ed25519
    }
    for (const s of mine) {
      const good = await crypto.subtle.verify({ name: "Ed25519" }, key, s.signature, encoder.encode(note.text));
      if (!good) throw new Error("the checkpoint signature does not verify");
    }
    return true;
  }

  // RFC 9162 Merkle tree hash of leaf hashes [lo, hi).
  async function treeHash(leaves, lo, hi) {
    const n = hi - lo;
    if (n === 0) return sha256(new Uint8Array(0));
    if (n === 1) return leaves[lo];
    let k = 1;
    while (k * 2 < n) k *= 2;
    const left = await treeHash(leaves, lo, lo + k);
    const right = await treeHash(leaves, lo + k, hi);
    return sha256(concat(new Uint8Array([1]), left, right));
  }

  function start() {
    const button = document.getElementById("verify-button");
    const steps = document.getElementById("verify-steps");
    const result = document.getElementById("verify-result");
    const progress = document.getElementById("verify-progress");
    if (!button) return;

    function step(text) {
      const item = document.createElement("li");
      item.dataset.state = "running";
      item.textContent = text + " …";
      steps.appendChild(item);
      return {
        done(state, detail) {
          item.dataset.state = state;
          item.textContent = text + ": " + detail;
        },
      };
    }

    async function run() {
      const notes = [];
      let current = null;
      const guard = async (text, work) => {
        current = step(text);
        const [state, detail] = await work();
        current.done(state, detail);
        current = null;
        if (state === "skipped") notes.push(detail);
      };
      button.disabled = true;
      steps.textContent = "";
      result.textContent = "verifying …";
      result.dataset.state = "running";
      try {
        const vkeyDoc = await getJSON("/api/v1/ledger/vkey");
        const vkey = await parseVkey(vkeyDoc.data.vkey);
        const memoryKey = "ioreview.verified." + vkey.name;
        const remembered = JSON.parse(localStorage.getItem(memoryKey) || "null");
        const cpDoc = await getJSON("/api/v1/ledger/checkpoint");
        const note = parseNote(cpDoc.data.note);

        await guard("verifier key", async () => {
          if (note.origin !== vkey.name) throw new Error("checkpoint origin " + note.origin + " is not " + vkey.name);
          if (remembered && remembered.vkey !== vkeyDoc.data.vkey) throw new Error("the verifier key differs from the one this browser saw first");
          return ["ok", vkey.name + " (key id " + hex(vkey.id) + ")" + (remembered ? ", as seen before" : ", seen for the first time")];
        });
        await guard("checkpoint signature", async () => {
          const checked = await verifySignature(note, vkey);
          return checked ? ["ok", "Ed25519 signature verifies for size " + note.size]
                         : ["skipped", "this browser cannot check Ed25519; the server audit checks it"];
        });
        const leaves = [];
        await guard("entries hashed", async () => {
          progress.hidden = false;
          progress.max = Math.max(note.size, 1);
          for (let offset = 0; offset < note.size; offset += PAGE) {
            const page = await getJSON("/api/v1/ledger/entries?offset=" + offset + "&limit=" + PAGE);
            for (const item of page.data) {
              if (leaves.length >= note.size) break;
              if (item.seq !== leaves.length) throw new Error("entry " + item.seq + " out of order");
              leaves.push(await sha256(concat(new Uint8Array([0]), b64decode(item.entry))));
            }
            progress.value = leaves.length;
          }
          if (leaves.length !== note.size) throw new Error("got " + leaves.length + " entries, expected " + note.size);
          return ["ok", leaves.length + " of " + note.size];
        });
        await guard("Merkle root", async () => {
          const root = await treeHash(leaves, 0, note.size);
          if (!equal(root, note.root)) throw new Error("rebuilt root " + b64encode(root) + " differs from the signed root");
          return ["ok", b64encode(root) + " matches the signed root"];
        });
        await guard("consistency with the last verified checkpoint", async () => {
          if (!remembered) return ["ok", "none verified before in this browser"];
          if (remembered.size > note.size) throw new Error("the log shrank from " + remembered.size + " to " + note.size);
          const old = await treeHash(leaves, 0, remembered.size);
          if (b64encode(old) !== remembered.root) throw new Error("the first " + remembered.size + " entries changed since " + remembered.at);
          return ["ok", "extends size " + remembered.size + " verified " + remembered.at];
        });
        await guard("server audit", async () => {
          const audit = await getJSON("/api/v1/ledger/audit");
          return ["ok", audit.data.size + " entries re-hashed, " + audit.data.checkpoints + " checkpoints checked"];
        });
        localStorage.setItem(memoryKey, JSON.stringify({
          size: note.size, root: b64encode(note.root), vkey: vkeyDoc.data.vkey, at: new Date().toISOString(),
        }));
        result.dataset.state = "ok";
        result.textContent = "ok: size " + note.size + ", root " + b64encode(note.root) + (notes.length ? " (" + notes.join("; ") + ")" : "");
      } catch (error) {
        if (current) current.done("failed", error.message);
        result.dataset.state = "failed";
        result.textContent = "failed: " + error.message;
      } finally {
        button.disabled = false;
      }
    }

    button.addEventListener("click", run);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
