//! The invoicing repository the history tests read: three authors (one under two names, joined
//! by .mailmap), a merged branch, renames, a revert, a deleted and re-added file, binary files,
//! an empty commit and names with spaces and umlauts.

use crate::common::git::TestRepo;

pub const MARGARET: (&str, &str) = ("Margaret Okafor", "margaret@ledger.example");
pub const DIETER: (&str, &str) = ("Dieter Brandt", "dieter@ledger.example");
/// Dieter's old identity, mapped to `DIETER` by `.mailmap`.
pub const DIETER_OLD: (&str, &str) = ("D. Brandt", "dbrandt@old-ledger.example");
pub const PRIYA: (&str, &str) = ("Priya Raman", "priya@ledger.example");

/// `billing/invoice.py` in its versions: VAT rounding (c2, reverted by c11), credit notes
/// (c3), the discount helper (c13).
pub fn invoice(rounded: bool, credit_notes: bool, discount: bool) -> String {
    let mut s = String::from("\"\"\"Invoice totals for the ledger.\"\"\"\n\nVAT_RATE = 0.2\n\n\n");
    if discount {
        s.push_str("def discount(amount, percent):\n    return amount * percent / 100\n\n\n");
    }
    s.push_str(
        "def net_total(lines):\n    total = 0\n    for line in lines:\n        \
         total += line.quantity * line.unit_price\n    return total\n\n\n",
    );
    s.push_str("def vat(amount):\n");
    s.push_str(if rounded {
        "    return round(amount * VAT_RATE, 2)\n"
    } else {
        "    return amount * VAT_RATE\n"
    });
    s.push_str("\n\ndef post(ledger, invoice):\n    amount = net_total(invoice.lines)\n");
    if credit_notes {
        s.push_str("    if invoice.is_credit_note:\n        amount = -amount\n");
    }
    s.push_str("    ledger.credit(invoice.customer, amount + vat(amount))\n    return amount\n");
    s
}

pub fn ledger(decimal: bool) -> String {
    format!(
        "\"\"\"The general ledger of the invoicing system.\"\"\"\n\n\n\
         def credit(book, customer, amount):\n    book.setdefault(customer, 0)\n    \
         book[customer] += amount\n    return book[customer]\n\n\n\
         def balance(book, customer):\n    return book.get(customer, {})\n",
        if decimal { "0.0" } else { "0" }
    )
}

pub const BATCH_V1: &str = "def run_batch(employees):\n    total = 0\n    for e in employees:\n        \
                            total += e.salary\n    return total\n";
pub const BATCH_V2: &str = "def run_batch(employees, period):\n    paid = []\n    for e in employees:\n        \
                            if e.active:\n            paid.append(e.pay(period))\n    return paid\n";
pub const EXPORT_V1: &str = "def export_ledger(book, out):\n    for customer, amount in sorted(book.items()):\n        \
                             out.write(f\"{customer};{amount}\\n\")\n    return len(book)\n";
pub const EXPORT_NUL: &str = "def export_ledger(book, out):\n    for customer, amount in sorted(book.items()):\n        \
                              out.write(f\"{customer}\0{amount}\\n\")\n    return len(book)\n";
pub const EXPORT_V2: &str = "def export_ledger(book, out):\n    for customer, amount in sorted(book.items()):\n        \
                             out.write(f\"{customer};{amount:.2f}\\n\")\n    return len(book)\n";
pub const CUSTOMERS: &str =
    "def find_customer(customers, number):\n    return customers.get(number)\n";
pub const SERVICE: &str =
    "def issue(service, order):\n    invoice = service.create(order)\n    return invoice.number\n";
pub const TEST_INVOICE: &str = "from billing.invoice import discount\n\n\n\
                                def test_discount():\n    assert discount(200, 10) == 20\n";
pub const PLAN: &str = "# Überblick\n\nThe invoicing module moves to the new ledger.\n";

/// The commits of the scenario, by their number in the comments below.
pub struct Invoicing {
    pub repo: TestRepo,
    pub c16: String,
}

fn commit(r: &TestRepo, who: (&str, &str), date: &str, msg: &str) -> String {
    r.commit(who.0, who.1, date, msg)
}

/// Build the scenario (HEAD = c14, 2026-06-29T09:00:00Z, on `main`).
pub fn build() -> Invoicing {
    let r = TestRepo::new();
    r.write("billing/invoice.py", invoice(false, false, false))
        .write("legacy/ledger.py", ledger(false))
        .write("assets/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01")
        .write("docs/Überblick plan.md", PLAN)
        .write("payroll/batch.py", BATCH_V1)
        .write("billing/export.py", EXPORT_V1)
        .write("billing/customers.py", CUSTOMERS)
        .mailmap("Dieter Brandt <dieter@ledger.example> D. Brandt <dbrandt@old-ledger.example>\n");
    // c1
    commit(
        &r,
        MARGARET,
        "2026-05-04T09:00:00Z",
        "Import the invoicing module",
    );
    r.write("billing/invoice.py", invoice(true, false, false));
    let c2 = commit(
        &r,
        DIETER,
        "2026-05-11T10:00:00Z",
        "Fix VAT rounding in invoice totals",
    );
    r.branch("credit-notes")
        .write("billing/invoice.py", invoice(true, true, false));
    // c3, on the branch
    commit(
        &r,
        PRIYA,
        "2026-05-18T11:00:00Z",
        "Handle credit notes when posting",
    );
    r.checkout("main").write(
        "docs/Überblick plan.md",
        format!("{PLAN}Credit notes post negative amounts.\n"),
    );
    // c4, c5
    commit(
        &r,
        MARGARET,
        "2026-05-19T12:00:00Z",
        "Describe the credit note flow",
    );
    r.merge(
        "credit-notes",
        MARGARET.0,
        MARGARET.1,
        "2026-05-20T13:00:00Z",
        "Merge branch 'credit-notes'",
    );
    // c6: a pure rename, by Dieter under his old name.
    r.rename("legacy/ledger.py", "billing/ledger_book.py");
    commit(
        &r,
        DIETER_OLD,
        "2026-05-25T09:30:00Z",
        "Move the ledger into billing",
    );
    // c7: renamed again, with an edit.
    r.rename("billing/ledger_book.py", "billing/ledger.py")
        .write("billing/ledger.py", ledger(true));
    commit(
        &r,
        MARGARET,
        "2026-06-01T09:00:00Z",
        "Rename the ledger book module",
    );
    r.write("assets/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x02");
    // c8
    commit(&r, PRIYA, "2026-06-03T15:00:00Z", "Patch the logo colours");
    r.delete("payroll/batch.py");
    // c9, c10
    commit(
        &r,
        MARGARET,
        "2026-06-05T10:00:00Z",
        "Remove the payroll batch",
    );
    r.write("payroll/batch.py", BATCH_V2);
    commit(
        &r,
        DIETER,
        "2026-06-08T10:00:00Z",
        "Bring back the payroll batch for the year-end run",
    );
    r.write("billing/export.py", EXPORT_NUL);
    // c15, c16: the export turned binary for a commit (a NUL byte), then back.
    commit(
        &r,
        DIETER,
        "2026-06-10T10:00:00Z",
        "Export the ledger in the bank format",
    );
    r.write("billing/export.py", EXPORT_V2);
    let c16 = commit(
        &r,
        DIETER,
        "2026-06-12T10:00:00Z",
        "Fix the export: no NUL separators",
    );
    r.write("billing/invoice.py", invoice(false, true, false));
    // c11
    commit(
        &r,
        PRIYA,
        "2026-06-15T16:00:00Z",
        &format!("Revert \"Fix VAT rounding in invoice totals\"\n\nThis reverts commit {c2}.\n"),
    );
    // c12
    r.commit_empty(
        MARGARET.0,
        MARGARET.1,
        "2026-06-16T08:00:00Z",
        "Close the quarter",
    );
    r.write("billing/invoice.py", invoice(false, true, true))
        .write("tests/test_invoice.py", TEST_INVOICE);
    // c13
    commit(
        &r,
        MARGARET,
        "2026-06-22T09:00:00Z",
        "Add a discount helper",
    );
    // An unmerged branch: only `git log --all` sees Dieter's newest commit.
    r.branch("year-end")
        .write("payroll/batch.py", format!("{BATCH_V2}# year-end\n"));
    commit(
        &r,
        DIETER,
        "2026-07-02T08:00:00Z",
        "Draft the year-end close",
    );
    r.checkout("main")
        .write("src/billing/invoice service.py", SERVICE)
        .write(
            "docs/Überblick plan.md",
            format!("{PLAN}Credit notes post negative amounts.\nThe service issues invoices.\n"),
        );
    // c14 = HEAD
    commit(&r, PRIYA, "2026-06-29T09:00:00Z", "Add the invoice service");
    Invoicing { repo: r, c16 }
}
