//! The lending instrument on interface v1 (docs/SPEC.md §4, §8): stateless for issuances. The
//! manager keeps each loan as a blob (the SCALE-encoded `Loan`), passes it in with every call and
//! stores the blob this contract returns only if the Outcome passes its rules. The rules are
//! `lending_logic`'s, exactly as on v2 and v3.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

lending_logic::loan_contract_v1!(mod lending_v1 { storage: LendingV1, kind: Lending });
