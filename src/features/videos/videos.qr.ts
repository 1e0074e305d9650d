/** Source tags operators name for QR codes and links (the deep-link format's rule). */
export const SOURCE_TAG = /^[A-Za-z0-9-]{1,32}$/;
/** Source tag of the QR codes people show each other from under a film. */
export const PERSON_QR_SOURCE = "qr";

/**
 * A QR code of a link as a PNG, large enough to print on a poster (1024 px, quiet zone of four
 * modules, error correction M so a little dirt or a fold still scans).
 */
export async function qrPng(link: string): Promise<Buffer> {
  // Loaded on first use: only operators and people sharing a film ask for a QR code.
  const { default: QRCode } = await import("qrcode");
  return QRCode.toBuffer(link, { type: "png", errorCorrectionLevel: "M", margin: 4, width: 1024 });
}
