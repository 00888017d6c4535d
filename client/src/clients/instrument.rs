//! An instrument contract of any kind: the FSP's `traits::Instrument` messages, and the
//! platform's instruments' constructors.

use ink::codegen::TraitCallBuilder;
use traits::{AccountId, Fee, Fees, Instrument as _, InstrumentError, ManagerVersion};

use super::{ref_to, InstrumentRef, Oracle, Reply};
use crate::{
    chain::{constructor_input, Chain},
    contracts::{self, Contract},
};

/// An instrument contract (any kind): the FSP's `Instrument` messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstrumentClient(pub AccountId);

impl InstrumentClient {
    /// Its `Instrument` messages, as ink!'s call builder makes them.
    fn instrument(self) -> InstrumentRef {
        ref_to(self.0)
    }

    /// Instantiates the lending instrument of interface `version`, owned by `fsp`, pricing with
    /// `oracle`, with the default terms.
    pub fn deploy_lending(
        chain: &mut Chain,
        fsp: AccountId,
        oracle: Oracle,
        version: ManagerVersion,
        salt: &[u8],
    ) -> Self {
        let terms = lending_logic::LendingTerms::default();
        let (contract, input) = match version {
            ManagerVersion::V1 => (
                contracts::LENDING_V1,
                constructor_input(lending_v1::LendingV1Ref::new(oracle.0, terms)),
            ),
            ManagerVersion::V2 => (
                contracts::LENDING_V2,
                constructor_input(lending_v2::LendingV2Ref::new(oracle.0, terms)),
            ),
            ManagerVersion::V3 => {
                let issuance_code = chain.code_hash(contracts::LENDING_ISSUANCE);
                let new = lending_v3::LendingV3Ref::new(issuance_code, oracle.0, terms);
                (contracts::LENDING_V3, constructor_input(new))
            }
        };
        Self::deploy(chain, contract, fsp, input, salt)
    }

    /// Instantiates the borrowing instrument (interface v1), owned by `fsp`, pricing with
    /// `oracle`, with the default terms.
    pub fn deploy_borrowing(
        chain: &mut Chain,
        fsp: AccountId,
        oracle: Oracle,
        salt: &[u8],
    ) -> Self {
        let new =
            borrowing_v1::BorrowingV1Ref::new(oracle.0, lending_logic::LendingTerms::default());
        Self::deploy(
            chain,
            contracts::BORROWING_V1,
            fsp,
            constructor_input(new),
            salt,
        )
    }

    /// Instantiates the spot swap instrument (interface v1), owned by `fsp`, default terms.
    pub fn deploy_spot_swap(chain: &mut Chain, fsp: AccountId, salt: &[u8]) -> Self {
        let new = spot_swap_v1::SpotSwapV1Ref::new(offer_logic::OfferTerms::default());
        Self::deploy(
            chain,
            contracts::SPOT_SWAP_V1,
            fsp,
            constructor_input(new),
            salt,
        )
    }

    /// Instantiates the multi-swap instrument (interface v2), owned by `fsp`, default terms.
    pub fn deploy_multi_swap(chain: &mut Chain, fsp: AccountId, salt: &[u8]) -> Self {
        let new = multi_swap_v2::MultiSwapV2Ref::new(offer_logic::OfferTerms::default());
        Self::deploy(
            chain,
            contracts::MULTI_SWAP_V2,
            fsp,
            constructor_input(new),
            salt,
        )
    }

    /// Instantiates instrument `contract` with constructor `input` (see
    /// [`constructor_input`]), owned by `fsp`.
    pub fn deploy(
        chain: &mut Chain,
        contract: Contract,
        fsp: AccountId,
        input: Vec<u8>,
        salt: &[u8],
    ) -> Self {
        let address = chain.instantiate(contract, fsp, input, 0, salt);
        InstrumentClient(
            address.unwrap_or_else(|e| panic!("{} instantiates: {e:?}", contract.name)),
        )
    }

    /// `Instrument::fees`.
    pub fn fees(self, chain: &mut Chain) -> Fees {
        chain.read(self.instrument().call_mut().fees())
    }

    /// `Instrument::set_maker_whitelist_enabled` as `caller`.
    pub fn set_maker_whitelist_enabled(
        self,
        chain: &mut Chain,
        caller: AccountId,
        enabled: bool,
    ) -> Reply<(), InstrumentError> {
        chain.send(
            caller,
            self.instrument()
                .call_mut()
                .set_maker_whitelist_enabled(enabled),
        )
    }

    /// `Instrument::set_maker_allowed` as `caller`.
    pub fn set_maker_allowed(
        self,
        chain: &mut Chain,
        caller: AccountId,
        maker: AccountId,
        allowed: bool,
    ) -> Reply<(), InstrumentError> {
        chain.send(
            caller,
            self.instrument()
                .call_mut()
                .set_maker_allowed(maker, allowed),
        )
    }

    /// `Instrument::set_taker_whitelist_enabled` as `caller`.
    pub fn set_taker_whitelist_enabled(
        self,
        chain: &mut Chain,
        caller: AccountId,
        enabled: bool,
    ) -> Reply<(), InstrumentError> {
        chain.send(
            caller,
            self.instrument()
                .call_mut()
                .set_taker_whitelist_enabled(enabled),
        )
    }

    /// `Instrument::set_taker_allowed` as `caller`.
    pub fn set_taker_allowed(
        self,
        chain: &mut Chain,
        caller: AccountId,
        taker: AccountId,
        allowed: bool,
    ) -> Reply<(), InstrumentError> {
        chain.send(
            caller,
            self.instrument()
                .call_mut()
                .set_taker_allowed(taker, allowed),
        )
    }

    /// `Instrument::set_fees` as `caller`.
    pub fn set_fees(
        self,
        chain: &mut Chain,
        caller: AccountId,
        maker_fee: Option<Fee>,
        taker_fee: Option<Fee>,
    ) -> Reply<(), InstrumentError> {
        chain.send(
            caller,
            self.instrument().call_mut().set_fees(maker_fee, taker_fee),
        )
    }

    /// `Instrument::set_fee_recipient` as `caller`.
    pub fn set_fee_recipient(
        self,
        chain: &mut Chain,
        caller: AccountId,
        recipient: AccountId,
    ) -> Reply<(), InstrumentError> {
        chain.send(
            caller,
            self.instrument().call_mut().set_fee_recipient(recipient),
        )
    }
}
