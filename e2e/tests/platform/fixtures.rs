//! The scenarios' fixtures: the conformance crate's [`World`] (an instrument activated on a
//! version, its maker and taker funded), and what only the platform's own tests need (the
//! hostile instrument, bytes that are no offer).

use client::{
    chain::constructor_input,
    clients::{ref_to, InstrumentClient, Reply},
    contracts, Chain,
};
use hostile_instrument::HostileInstrumentRef;
use ink::{codegen::TraitCallBuilder, scale::Encode};
use traits::{AccountId, StorageError};

pub use conformance::world::*;

/// Bytes that are no `LendingParams`.
pub fn garbage() -> impl Encode {
    [1u8, 2, 3]
}

/// The hostile test instrument (v1, v2 and v3 interfaces), owned by `fsp`.
pub fn deploy_hostile(chain: &mut Chain, fsp: AccountId, salt: &[u8]) -> InstrumentClient {
    let new = constructor_input(HostileInstrumentRef::new());
    InstrumentClient::deploy(chain, contracts::HOSTILE_INSTRUMENT, fsp, new, salt)
}

/// Hostile instrument `instrument`: tries to write issuance storage `storage` outside a manager
/// call.
pub fn write_outside(
    chain: &mut Chain,
    instrument: InstrumentClient,
    caller: AccountId,
    storage: AccountId,
) -> Reply<(), StorageError> {
    let mut hostile: HostileInstrumentRef = ref_to(instrument.0);
    chain.send(caller, hostile.call_mut().write_outside(storage))
}
