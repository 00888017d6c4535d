//! Typed clients: one small struct per contract, one method per message, so scenarios read in
//! the domain's words and every error comes back typed.

use ink::selector_bytes;
use nuts_traits::{AccountId, Asset, Balance, EscrowError, PSP22Error};

use crate::{
    chain::{CallError, Chain},
    contracts::{self, Contract},
};

/// A call's typed result: the message's own `Result`, or why the call itself failed.
pub type Reply<T, E> = Result<Result<T, E>, CallError>;

/// A PSP22 token (the NUTS token or a test token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token(pub AccountId);

impl Token {
    /// Instantiates a test token with `supply` minted to `owner`.
    pub fn deploy_test_token(
        chain: &mut Chain,
        owner: AccountId,
        supply: Balance,
        salt: &[u8],
    ) -> Self {
        let address = chain
            .instantiate(
                contracts::TEST_TOKEN,
                owner,
                selector_bytes!("new"),
                supply,
                0,
                salt,
            )
            .expect("test token instantiates");
        Token(address)
    }

    /// Instantiates the NUTS token with `initial_supply` minted to `owner`, capped at `cap`.
    pub fn deploy_nuts(
        chain: &mut Chain,
        owner: AccountId,
        cap: Balance,
        initial_supply: Balance,
    ) -> Self {
        let address = chain
            .instantiate(
                contracts::NUTS_TOKEN,
                owner,
                selector_bytes!("new"),
                (cap, initial_supply),
                0,
                b"nuts",
            )
            .expect("NUTS token instantiates");
        Token(address)
    }

    /// The asset this token is.
    pub fn asset(self) -> Asset {
        Asset::Token(self.0)
    }

    /// `PSP22::balance_of`.
    pub fn balance_of(self, chain: &mut Chain, owner: AccountId) -> Balance {
        chain.read(self.0, selector_bytes!("PSP22::balance_of"), owner)
    }

    /// `PSP22::total_supply`.
    pub fn total_supply(self, chain: &mut Chain) -> Balance {
        chain.read(self.0, selector_bytes!("PSP22::total_supply"), ())
    }

    /// `PSP22::approve` as `owner`.
    pub fn approve(
        self,
        chain: &mut Chain,
        owner: AccountId,
        spender: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            owner,
            self.0,
            selector_bytes!("PSP22::approve"),
            (spender, value),
            0,
        )
    }

    /// `PSP22::transfer` as `from`.
    pub fn transfer(
        self,
        chain: &mut Chain,
        from: AccountId,
        to: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            from,
            self.0,
            selector_bytes!("PSP22::transfer"),
            (to, value, Vec::<u8>::new()),
            0,
        )
    }

    /// `PSP22Mintable::mint` as `caller` (NUTS token: owner only, within the cap).
    pub fn mint(
        self,
        chain: &mut Chain,
        caller: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("PSP22Mintable::mint"),
            value,
            0,
        )
    }

    /// `PSP22Burnable::burn` of the caller's own tokens.
    pub fn burn(
        self,
        chain: &mut Chain,
        caller: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("PSP22Burnable::burn"),
            value,
            0,
        )
    }

    /// Test token faucet: mints `value` to `to`.
    pub fn mint_to(self, chain: &mut Chain, to: AccountId, value: Balance) {
        let minted: Result<(), PSP22Error> = chain
            .call(to, self.0, selector_bytes!("mint_to"), (to, value), 0)
            .expect("faucet call");
        minted.expect("faucet mints");
    }

    /// Test token: makes every later `transfer_from` burn `fee` from the recipient.
    pub fn set_transfer_fee(self, chain: &mut Chain, fee: Balance) {
        let caller = chain.account("anyone");
        chain
            .call::<()>(caller, self.0, selector_bytes!("set_transfer_fee"), fee, 0)
            .expect("set fee");
    }
}

/// An instrument escrow or an issuance escrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escrow(pub AccountId);

impl Escrow {
    /// Instantiates an escrow of kind `contract` owned by `owner`.
    pub fn deploy(chain: &mut Chain, contract: Contract, owner: AccountId, salt: &[u8]) -> Self {
        let address = chain
            .instantiate(contract, owner, selector_bytes!("new"), (), 0, salt)
            .expect("escrow instantiates");
        Escrow(address)
    }

    /// `IssuanceEscrow::balance_of`.
    pub fn balance_of(self, chain: &mut Chain, account: AccountId, asset: Asset) -> Balance {
        chain.read(
            self.0,
            selector_bytes!("IssuanceEscrow::balance_of"),
            (account, asset),
        )
    }

    /// `IssuanceEscrow::total_held`.
    pub fn total_held(self, chain: &mut Chain, asset: Asset) -> Balance {
        chain.read(self.0, selector_bytes!("IssuanceEscrow::total_held"), asset)
    }

    /// `IssuanceEscrow::owner`.
    pub fn owner(self, chain: &mut Chain) -> AccountId {
        chain.read(self.0, selector_bytes!("IssuanceEscrow::owner"), ())
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
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentEscrow::deposit"),
            (asset, amount),
            value,
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
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentEscrow::withdraw"),
            (asset, amount),
            0,
        )
    }

    /// `IssuanceEscrow::deposit_for` as `caller` (the owner), sending `value`.
    pub fn deposit_for(
        self,
        chain: &mut Chain,
        caller: AccountId,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        value: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("IssuanceEscrow::deposit_for"),
            (account, asset, amount),
            value,
        )
    }

    /// `IssuanceEscrow::withdraw_for` as `caller` (the owner).
    pub fn withdraw_for(
        self,
        chain: &mut Chain,
        caller: AccountId,
        account: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("IssuanceEscrow::withdraw_for"),
            (account, asset, amount),
            0,
        )
    }

    /// `IssuanceEscrow::move_between` as `caller` (the owner).
    pub fn move_between(
        self,
        chain: &mut Chain,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("IssuanceEscrow::move_between"),
            (from, to, asset, amount),
            0,
        )
    }
}
