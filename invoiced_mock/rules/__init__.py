"""Business rules shared by several resources (money, rates, terms, totals, statuses). No HTTP here."""
