//! A PSP22 token: the NUTS token or a test token (`psp22::PSP22`, and the test token's faucet).

use ink::codegen::TraitCallBuilder;
use nuts_token::NutsTokenRef;
use psp22::{PSP22Metadata as _, PSP22 as _};
use test_token::TestTokenRef;
use traits::{AccountId, Asset, Balance, PSP22Error};

use super::{ref_to, PSP22MetadataRef, PSP22Ref, Reply};
use crate::{
    chain::{constructor_input, Chain},
    contracts,
};

/// A PSP22 token (the NUTS token or a test token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token(pub AccountId);

impl Token {
    /// Its `PSP22` messages, as ink!'s call builder makes them.
    fn psp22(self) -> PSP22Ref {
        ref_to(self.0)
    }

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
                constructor_input(TestTokenRef::new(supply)),
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
                constructor_input(NutsTokenRef::new(cap, initial_supply)),
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
        chain.read(self.psp22().call_mut().balance_of(owner))
    }

    /// `PSP22Metadata::token_symbol` and `token_decimals`: `None` when the token has no
    /// PSP22Metadata or no symbol (tools then cannot name its amounts).
    pub fn metadata(self, chain: &mut Chain) -> Option<(String, u8)> {
        let mut metadata: PSP22MetadataRef = ref_to(self.0);
        let symbol = chain
            .try_read(metadata.call_mut().token_symbol())
            .ok()
            .flatten()?;
        let decimals = chain.try_read(metadata.call_mut().token_decimals()).ok()?;
        Some((symbol, decimals))
    }

    /// `PSP22::total_supply`.
    pub fn total_supply(self, chain: &mut Chain) -> Balance {
        chain.read(self.psp22().call_mut().total_supply())
    }

    /// `PSP22::approve` as `owner`.
    pub fn approve(
        self,
        chain: &mut Chain,
        owner: AccountId,
        spender: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.send(owner, self.psp22().call_mut().approve(spender, value))
    }

    /// `PSP22::transfer` as `from`.
    pub fn transfer(
        self,
        chain: &mut Chain,
        from: AccountId,
        to: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.send(
            from,
            self.psp22()
                .call_mut()
                .transfer(to, value, Vec::<u8>::new()),
        )
    }

    /// `PSP22::transfer_from` as `spender`, moving `value` of `from`'s tokens to `to`.
    pub fn transfer_from(
        self,
        chain: &mut Chain,
        spender: AccountId,
        (from, to): (AccountId, AccountId),
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.send(
            spender,
            self.psp22()
                .call_mut()
                .transfer_from(from, to, value, Vec::<u8>::new()),
        )
    }

    /// Test token faucet: mints `value` to `to`.
    pub fn mint_to(self, chain: &mut Chain, to: AccountId, value: Balance) {
        let mut faucet: TestTokenRef = ref_to(self.0);
        let minted = chain
            .send(to, faucet.call_mut().mint_to(to, value))
            .expect("faucet call");
        minted.expect("faucet mints");
    }

    /// Test token: makes every later `transfer` and `transfer_from` burn `fee` from the
    /// recipient.
    pub fn set_transfer_fee(self, chain: &mut Chain, fee: Balance) {
        let caller = chain.account("anyone");
        let mut token: TestTokenRef = ref_to(self.0);
        chain
            .send(caller, token.call_mut().set_transfer_fee(fee))
            .expect("set fee");
    }
}

impl From<Token> for Asset {
    fn from(token: Token) -> Self {
        token.asset()
    }
}
