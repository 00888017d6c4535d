//! The borrowing instrument on interface v1 (docs/SPEC.md §8): the mirror of lending. The maker
//! posts collateral at create (priced by the instrument's oracle then) and asks for a principal; a
//! taker lends it, paying it straight to the maker; the maker repays principal + interest before
//! `engagement_due`, or the collateral goes to the lender. The rules are `lending_logic`'s with
//! `LoanKind::Borrowing`, the same functions lending runs.
//!
//! Why v1: a loan is one small record (about 200 bytes) that only the manager's calls change,
//! so the manager's blob is the cheapest place for it: no storage contract or issuance contract
//! is instantiated per issuance (see the lending v1/v2/v3 comparison in the README).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

lending_logic::loan_contract_v1!(mod borrowing_v1 { storage: BorrowingV1, kind: Borrowing });
