//! The instruments' typed forms (`lending_forms`, `swap_forms`): what contracts-UI and
//! Polkadot.js users dry-run to turn typed offers into the manager's bytes and its bytes back
//! into typed views. The platform's own code never needs them (it encodes in Rust); these
//! clients exist to test that the forms give exactly those bytes.

use ink::codegen::TraitCallBuilder;
use lending_forms::LendingFormsRef;
use lending_logic::{LendingParams, Loan};
use swap_forms::SwapFormsRef;
use swap_logic::{MultiSwapParams, Swap, SwapParams};
use traits::{AccountId, Balance, InstrumentError, Name};

use super::ref_to;
use crate::{
    chain::{constructor_input, Chain},
    contracts,
};

/// An instance of `lending_forms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LendingForms(pub AccountId);

impl LendingForms {
    fn forms(self) -> LendingFormsRef {
        ref_to(self.0)
    }

    /// Instantiates the forms as `caller`.
    pub fn deploy(chain: &mut Chain, caller: AccountId) -> Self {
        let new = constructor_input(LendingFormsRef::new());
        let address = chain.instantiate(contracts::LENDING_FORMS, caller, new, 0, b"forms");
        LendingForms(address.expect("the lending forms instantiate"))
    }

    /// `offer`: a loan offer's bytes.
    pub fn offer(self, chain: &mut Chain, params: LendingParams) -> Vec<u8> {
        chain.read(self.forms().call().offer(params))
    }

    /// `engagement`: a loan engagement's bytes.
    pub fn engagement(self, chain: &mut Chain) -> Vec<u8> {
        chain.read(self.forms().call().engagement())
    }

    /// `repayment`: a repayment's payload.
    pub fn repayment(self, chain: &mut Chain, amount: Balance) -> Vec<u8> {
        chain.read(self.forms().call().repayment(amount))
    }

    /// `name`: the `Name` of typed text.
    pub fn name(self, chain: &mut Chain, text: &str) -> Result<Name, InstrumentError> {
        chain.read(self.forms().call().name(text.into()))
    }

    /// `loan`: the loan in `custom_data(issuance, "loan")`'s bytes.
    pub fn loan(self, chain: &mut Chain, data: Vec<u8>) -> Result<Loan, InstrumentError> {
        chain.read(self.forms().call().loan(data))
    }
}

/// An instance of `swap_forms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapForms(pub AccountId);

impl SwapForms {
    fn forms(self) -> SwapFormsRef {
        ref_to(self.0)
    }

    /// Instantiates the forms as `caller`.
    pub fn deploy(chain: &mut Chain, caller: AccountId) -> Self {
        let new = constructor_input(SwapFormsRef::new());
        let address = chain.instantiate(contracts::SWAP_FORMS, caller, new, 0, b"forms");
        SwapForms(address.expect("the swap forms instantiate"))
    }

    /// `spot_offer`: a spot-swap offer's bytes.
    pub fn spot_offer(self, chain: &mut Chain, params: SwapParams) -> Vec<u8> {
        chain.read(self.forms().call().spot_offer(params))
    }

    /// `multi_offer`: a multi-swap offer's bytes.
    pub fn multi_offer(self, chain: &mut Chain, params: MultiSwapParams) -> Vec<u8> {
        chain.read(self.forms().call().multi_offer(params))
    }

    /// `multi_engagement`: a multi-swap engagement paying `output`.
    pub fn multi_engagement(self, chain: &mut Chain, output: Balance) -> Vec<u8> {
        chain.read(self.forms().call().multi_engagement(output))
    }

    /// `swap`: the swap in `custom_data(issuance, "swap")`'s bytes.
    pub fn swap(self, chain: &mut Chain, data: Vec<u8>) -> Result<Swap, InstrumentError> {
        chain.read(self.forms().call().swap(data))
    }
}
