//! The cheque, the minimal example instrument of `docs/writing-an-instrument.md`: its whole
//! on-chain test is the conformance suite, given this description of it.

use cheque::ChequeParams;
use client::chain::constructor_input;
use client::{
    clients::{InstrumentClient, Oracle},
    contracts, Chain,
};
use traits::{AccountId, Balance, ManagerVersion, Name, SpendingLimit};

use crate::fixtures::World;
use conformance::{Raw, Subject};

const AMOUNT: Balance = 500;

/// The cheque, as the conformance suite sees it: the maker writes 500 USD to the taker.
pub struct Cheque;

impl Cheque {
    fn params(w: &World) -> ChequeParams {
        ChequeParams {
            asset: w.usd.asset(),
            amount: AMOUNT,
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
        let new = constructor_input(cheque::ChequeInstrumentRef::new());
        InstrumentClient::deploy(chain, contracts::CHEQUE, fsp, new, b"cheque")
    }

    fn fund(&self, w: &mut World) {
        let (maker, usd) = (w.maker, w.usd);
        w.fund(maker, usd, 10 * AMOUNT);
    }

    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        let limit = SpendingLimit::of(w.usd.asset(), AMOUNT);
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

conformance!(cheque_v1, Cheque);

/// A cheque described wrongly: it claims the valid offer is a bad one.
struct ClaimsTheValidOfferIsBad;

impl Subject for ClaimsTheValidOfferIsBad {
    fn version(&self) -> ManagerVersion {
        Cheque.version()
    }
    fn deploy(&self, chain: &mut Chain, fsp: AccountId, oracle: Oracle) -> InstrumentClient {
        Cheque.deploy(chain, fsp, oracle)
    }
    fn fund(&self, w: &mut World) {
        Cheque.fund(w)
    }
    fn offer(&self, w: &World) -> (Raw, SpendingLimit) {
        Cheque.offer(w)
    }
    fn bad_offers(&self, w: &World) -> Vec<Raw> {
        vec![Cheque.offer(w).0]
    }
    fn engagement(&self, w: &World) -> (Raw, SpendingLimit) {
        Cheque.engagement(w)
    }
    fn engagement_events(&self) -> Vec<Name> {
        Cheque.engagement_events()
    }
}

/// The suite can fail: an instrument that accepts an offer the suite expects refused fails it.
#[test]
#[should_panic(expected = "InvalidParameters")]
fn the_suite_fails_an_instrument_that_accepts_a_bad_offer() {
    conformance::suite::bad_offers_are_refused_and_nothing_moves(ClaimsTheValidOfferIsBad);
}
