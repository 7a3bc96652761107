package id.dapur.edge.agent.printing;

import id.dapur.edge.devices.printer.PrintCommands;

/**
 * What a cook must not miss on paper, as meaning; each printer model shows it as it can: red on a
 * two-colour impact printer (the TM-U220 at the grill), white on black or bold and underlined on a
 * thermal one. Templates say what a line is, never which command marks it.
 */
enum Mark {
    /** A banner across the chit: VOID, BACKUP FROM, a delivery platform's name. */
    BANNER,
    /** The allergens of an item. */
    ALLERGEN,
    /** An item's modifiers. */
    MODIFIER,
    /** An item voided or sold out (86). */
    STRUCK;

    void on(PrintCommands<?> p) {
        set(p, true);
    }

    void off(PrintCommands<?> p) {
        set(p, false);
    }

    private void set(PrintCommands<?> p, boolean on) {
        if (p.model().redPrinting()) {
            p.red(on);
            if (this == ALLERGEN) {
                p.bold(on);
            }
            return;
        }
        switch (this) {
            case BANNER -> {
                if (p.model().reversePrinting()) {
                    p.reverse(on);
                } else {
                    p.bold(on);
                }
            }
            case ALLERGEN -> p.bold(on).underline(on ? 1 : 0);
            case MODIFIER, STRUCK -> {} // thermal paper has one colour: the item line is bold already
        }
    }
}
