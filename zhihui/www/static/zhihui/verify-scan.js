/* The card check page (templates/talent/verify.html): a static file, no inline script (CSP). */
// Camera scanning where the browser has the BarcodeDetector API (Chromium); otherwise use a scanner or paste.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const button = document.getElementById("scan-camera"), video = document.getElementById("scan-video");
  const field = document.querySelector("textarea[name=token]");
  button.hidden = false;
  button.addEventListener("click", async function () {
    const detector = new BarcodeDetector({formats: ["qr_code"]});
    const stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    video.srcObject = stream; video.hidden = false; await video.play();
    const tick = async function () {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        stream.getTracks().forEach(t => t.stop()); video.hidden = true;
        field.value = codes[0].rawValue; field.form.requestSubmit(); return;
      }
      requestAnimationFrame(tick);
    };
    tick();
  });
})();
