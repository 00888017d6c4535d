//! `cheque` on the NUTS Platform's conformance suite: every rule an instrument must follow,
//! checked on the in-process chain with the platform's own contracts (run `cargo test`).

use client::{
    chain::constructor_input,
    clients::{InstrumentClient, Oracle},
    contracts::Contract,
    Chain,
};
use conformance::{Raw, Subject, World};
use traits::{AccountId, Balance, ManagerVersion, Name, SpendingLimit};

use cheque::{ChequeInstrumentRef, ChequeParams};

/// The contract, built from its own crate (beside this one) the first time a test needs it.
const CONTRACT: Contract = Contract {
    name: "cheque",
    dir: concat!(env!("CARGO_MANIFEST_DIR"), "/../cheque"),
};

/// Whole tokens: every amount is written as whole tokens times `w.unit`, so the same subject
/// runs at real-token scale under `AtDecimals` (`w.unit` is 1 otherwise).
const AMOUNT: Balance = 500;

/// `cheque`, as the conformance suite sees it: the maker locks 500 USD for the taker.
pub struct Cheque;

impl Cheque {
    fn params(w: &World) -> ChequeParams {
        ChequeParams {
            asset: w.usd.asset(),
            amount: AMOUNT * w.unit,
            payee: w.taker,
            valid_days: 3,
        }
    }
}

impl Subject for Cheque {
    fn version(&self) -> ManagerVersion {
        ManagerVersion::V1
    }

    fn deploy(&self, chain: &mut Chain, fsp: AccountId, _oracle: Oracle) -> InstrumentClient {
        let new = constructor_input(ChequeInstrumentRef::new());
        InstrumentClient::deploy(chain, CONTRACT, fsp, new, b"cheque")
    }

    fn fund(&self, w: &mut World) {
        let (maker, usd, unit) = (w.maker, w.usd, w.unit);
        w.fund(maker, usd, 10 * AMOUNT * unit);
    }

    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        let limit = SpendingLimit::of(w.usd.asset(), AMOUNT * w.unit);
        (Raw::of(Self::params(w)), limit)
    }

    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        let good = Self::params(w);
        vec![
            Raw::of(ChequeParams { amount: 0, ..good }),
            Raw::of(ChequeParams {
                valid_days: 0,
                ..good
            }),
        ]
    }

    fn engagement(&self, _w: &World) -> (Raw, SpendingLimit) {
        (Raw::of(()), SpendingLimit::none())
    }

    fn engagement_events(&self) -> Vec<Name> {
        Vec::new()
    }
}

conformance::conformance!(cheque_v1, Cheque);
// The same checks with 18-decimal tokens and fixed-point oracle rates, as real tokens have.
conformance::conformance!(cheque_v1_18_decimals, conformance::AtDecimals(Cheque, 18));
