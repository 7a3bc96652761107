// The ready board's words, in the languages the agent offers (board.language, default kitchen.language).
const TEXTS = {
  en: {
    preparing: 'Preparing',
    ready: 'Ready — please collect',
    offline: 'reconnecting…',
    unpaired: 'This board is not paired: open its link once, or type the board token',
    refused: 'That token is not a ready board token.',
    pair: 'Pair',
    channels: { DINE_IN: 'Dine in', TAKEAWAY: 'Takeaway', DELIVERY: 'Delivery', ONLINE: 'Online', GRABFOOD: 'GrabFood', GOFOOD: 'GoFood', SHOPEEFOOD: 'ShopeeFood' },
  },
  id: {
    preparing: 'Sedang disiapkan',
    ready: 'Siap — silakan ambil',
    offline: 'menyambung ulang…',
    unpaired: 'Papan ini belum dipasangkan: buka tautannya sekali, atau ketik token papan',
    refused: 'Token itu bukan token papan pesanan.',
    pair: 'Pasangkan',
    channels: { DINE_IN: 'Makan di tempat', TAKEAWAY: 'Bawa pulang', DELIVERY: 'Antar', ONLINE: 'Online', GRABFOOD: 'GrabFood', GOFOOD: 'GoFood', SHOPEEFOOD: 'ShopeeFood' },
  },
};

export function boardTexts(lang) {
  return TEXTS[lang] || TEXTS.en;
}
