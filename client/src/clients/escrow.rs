//! The instrument escrow and the issuance escrow (`traits::Escrow`, `traits::InstrumentEscrow`).

use ink::codegen::TraitCallBuilder;
use instrument_escrow::InstrumentEscrowRef;
use issuance_escrow::IssuanceEscrowRef;
use traits::{AccountId, Asset, Balance, Escrow as _, EscrowError, InstrumentEscrow as _};

use super::{ref_to, EscrowRef, InstrumentEscrowTraitRef, Reply};
use crate::{
    chain::{constructor_input, Chain},
    contracts::{self, Contract},
};

/// An instrument escrow or an issuance escrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escrow(pub AccountId);

impl Escrow {
    /// Its `Escrow` messages, as ink!'s call builder makes them.
    fn escrow(self) -> EscrowRef {
        ref_to(self.0)
    }

    /// Its `InstrumentEscrowTrait` messages, as ink!'s call builder makes them.
    pub fn calls(self) -> InstrumentEscrowTraitRef {
        ref_to(self.0)
    }

    /// Instantiates an escrow of kind `contract` owned by `owner`.
    pub fn deploy(chain: &mut Chain, contract: Contract, owner: AccountId, salt: &[u8]) -> Self {
        let input = if contract == contracts::INSTRUMENT_ESCROW {
            constructor_input(InstrumentEscrowRef::new())
        } else {
            constructor_input(IssuanceEscrowRef::new())
        };
        let address = chain
            .instantiate(contract, owner, input, 0, salt)
            .expect("escrow instantiates");
        Escrow(address)
    }

    /// `Escrow::balance_of`.
    pub fn balance_of(self, chain: &mut Chain, account: AccountId, asset: Asset) -> Balance {
        chain.read(self.escrow().call_mut().balance_of(account, asset))
    }

    /// `Escrow::total_held`.
    pub fn total_held(self, chain: &mut Chain, asset: Asset) -> Balance {
        chain.read(self.escrow().call_mut().total_held(asset))
    }

    /// `Escrow::owner`.
    pub fn owner(self, chain: &mut Chain) -> AccountId {
        chain.read(self.escrow().call_mut().owner())
    }

    /// `InstrumentEscrow::deposit` as `caller`, sending `value` of native currency.
    pub fn deposit(
        self,
        chain: &mut Chain,
        caller: AccountId,
        asset: Asset,
        amount: Balance,
        value: Balance,
    ) -> Reply<(), EscrowError> {
        chain.send(
            caller,
            self.calls()
                .call_mut()
                .deposit(asset, amount)
                .transferred_value(value),
        )
    }

    /// `InstrumentEscrow::withdraw` as `caller`.
    pub fn withdraw(
        self,
        chain: &mut Chain,
        caller: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.send(caller, self.calls().call_mut().withdraw(asset, amount))
    }

    /// `Escrow::send_for` as `caller` (the owner): `account`'s asset straight to `recipient`.
    pub fn send_for(
        self,
        chain: &mut Chain,
        caller: AccountId,
        account: AccountId,
        recipient: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.send(
            caller,
            self.escrow()
                .call_mut()
                .send_for(account, recipient, asset, amount),
        )
    }

    /// `Escrow::credit_received` as `caller` (the owner), sending `value`: credits `account` with
    /// what arrived of `amount` since the escrow held `held_before`, and returns it.
    #[allow(clippy::too_many_arguments)] // the message's four arguments, the caller and value
    pub fn credit_received(
        self,
        chain: &mut Chain,
        caller: AccountId,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        held_before: Balance,
        value: Balance,
    ) -> Reply<Balance, EscrowError> {
        chain.send(
            caller,
            self.escrow()
                .call_mut()
                .credit_received(account, asset, amount, held_before)
                .transferred_value(value),
        )
    }

    /// `Escrow::move_between` as `caller` (the owner).
    pub fn move_between(
        self,
        chain: &mut Chain,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.send(
            caller,
            self.escrow()
                .call_mut()
                .move_between(from, to, asset, amount),
        )
    }
}
