//! Typed clients: one small struct per contract (one file each), one method per message, so
//! scenarios read in the domain's words and every error comes back typed.
//!
//! Every call's data comes from ink!'s generated call builders, never from selector strings:
//! the `#[ink::trait_definition]`s' (`contract_ref!(Trait, DefaultEnvironment)`) for the
//! platform's interfaces, and each contract's `*Ref` for its constructors and its own messages.
//! A renamed or re-typed message is a compile error here, not a run-time failure.

use ink::{
    contract_ref,
    env::{call::FromAccountId, DefaultEnvironment},
};
use traits::AccountId;

use crate::chain::CallError;

mod escrow;
mod forms;
mod instrument;
mod manager;
mod oracle;
mod registry;
mod storage;
mod token;

pub use escrow::Escrow;
pub use forms::{LendingForms, SwapForms};
pub use instrument::InstrumentClient;
pub use manager::Manager;
pub use oracle::Oracle;
pub use registry::Registry;
pub use storage::Storage;
pub use token::Token;

/// The contracts' own call builders: their constructors and the messages outside the traits.
pub mod refs {
    pub use ::registry::RegistryRef;
    pub use borrowing_v1::BorrowingV1Ref;
    pub use instrument_escrow::InstrumentEscrowRef;
    pub use issuance_escrow::IssuanceEscrowRef;
    pub use issuance_storage::IssuanceStorageRef;
    pub use lending_forms::LendingFormsRef;
    pub use lending_v1::LendingV1Ref;
    pub use lending_v2::LendingV2Ref;
    pub use lending_v3::LendingV3Ref;
    pub use multi_swap_v2::MultiSwapV2Ref;
    pub use nuts_token::NutsTokenRef;
    pub use price_oracle::PriceOracleRef;
    pub use spot_swap_v1::SpotSwapV1Ref;
    pub use swap_forms::SwapFormsRef;
    pub use test_token::TestTokenRef;
}

/// A call's typed result: the message's own `Result`, or why the call itself failed.
pub type Reply<T, E> = Result<Result<T, E>, CallError>;

/// `psp22::PSP22`'s call builder, on any token.
pub type PSP22Ref = contract_ref!(psp22::PSP22, DefaultEnvironment);
/// `psp22::PSP22Metadata`'s call builder, on a token that has it.
pub type PSP22MetadataRef = contract_ref!(psp22::PSP22Metadata, DefaultEnvironment);
/// `traits::Escrow`'s call builder, on either escrow.
pub type EscrowRef = contract_ref!(traits::Escrow, DefaultEnvironment);
/// `traits::InstrumentEscrow`'s call builder.
pub type InstrumentEscrowTraitRef = contract_ref!(traits::InstrumentEscrow, DefaultEnvironment);
/// `traits::PriceOracle`'s call builder.
pub type PriceOracleRef = contract_ref!(traits::PriceOracle, DefaultEnvironment);
/// `traits::InstrumentRegistry`'s call builder.
pub type InstrumentRegistryRef = contract_ref!(traits::InstrumentRegistry, DefaultEnvironment);
/// `traits::InstrumentManager`'s call builder, on a manager of any version.
pub type InstrumentManagerRef = contract_ref!(traits::InstrumentManager, DefaultEnvironment);
/// `traits::Instrument`'s call builder, on any instrument.
pub type InstrumentRef = contract_ref!(traits::Instrument, DefaultEnvironment);
/// `traits::IssuanceStorage`'s call builder.
pub type IssuanceStorageRef = contract_ref!(traits::IssuanceStorage, DefaultEnvironment);

/// The call builder `R` (a trait's `contract_ref!` or a contract's `*Ref`) on `contract`.
pub fn ref_to<R: FromAccountId<DefaultEnvironment>>(contract: AccountId) -> R {
    R::from_account_id(contract)
}
