//! The issuance storage (docs/SPEC.md §4, v2): one per issuance, instantiated by the manager, which
//! owns it. Anyone may read; only the writer may write, and the manager makes the instrument the
//! writer just before each instrument call and revokes it right after, so FSP code can change an
//! issuance's data only while the manager is asking it to. The original platform forgot the writer
//! check on one setter: here every write goes through [`IssuanceStorage::ensure_writer`].
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::issuance_storage::IssuanceStorageRef;

#[ink::contract]
mod issuance_storage {
    use ink::{prelude::vec::Vec, storage::Mapping};
    use traits::{Name, StorageError, MAX_ISSUANCE_DATA_LEN, MAX_STORAGE_KEYS};

    /// The writer of a storage nobody may write: the all-zero account, which has no known key.
    const NO_WRITER: AccountId = ink::primitives::AccountId([0; 32]);

    #[ink(storage)]
    pub struct IssuanceStorage {
        owner: AccountId,
        /// The writer, or [`NO_WRITER`]: one fixed size, so granting and revoking write access
        /// on every manager call never changes the storage's size (and its storage deposit).
        writer: AccountId,
        values: Mapping<Name, Vec<u8>>,
        /// Keys held: bounds the storage an instrument can fill.
        key_count: u32,
    }

    impl Default for IssuanceStorage {
        fn default() -> Self {
            Self::new()
        }
    }

    impl IssuanceStorage {
        /// An empty storage owned by its instantiator (the manager), with no writer.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                owner: Self::env().caller(),
                writer: NO_WRITER,
                values: Mapping::default(),
                key_count: 0,
            }
        }

        /// The owner: the manager that instantiated the storage. Anyone.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.owner
        }

        /// The account that may write right now, if any (outside a manager call: none). Anyone.
        #[ink(message)]
        pub fn writer(&self) -> Option<AccountId> {
            (self.writer != NO_WRITER).then_some(self.writer)
        }

        /// How many keys hold a value (at most `MAX_STORAGE_KEYS`). Anyone.
        #[ink(message)]
        pub fn key_count(&self) -> u32 {
            self.key_count
        }

        fn ensure_writer(&self) -> Result<(), StorageError> {
            if self.writer() == Some(self.env().caller()) {
                Ok(())
            } else {
                Err(StorageError::NotWriter)
            }
        }

        fn ensure_owner(&self) -> Result<(), StorageError> {
            if self.env().caller() == self.owner {
                Ok(())
            } else {
                Err(StorageError::NotOwner)
            }
        }
    }

    impl traits::IssuanceStorage for IssuanceStorage {
        /// The value under `key`, if any. Anyone.
        #[ink(message)]
        fn get(&self, key: Name) -> Option<Vec<u8>> {
            self.values.get(key)
        }

        /// Stores `value` under `key`. Caller: the current writer. Errors: `NotWriter`,
        /// `ValueTooLong` (over `MAX_ISSUANCE_DATA_LEN`), `TooManyKeys` (a new key beyond
        /// `MAX_STORAGE_KEYS`).
        #[ink(message)]
        fn set(&mut self, key: Name, value: Vec<u8>) -> Result<(), StorageError> {
            self.ensure_writer()?;
            if u32::try_from(value.len()).map_or(true, |len| len > MAX_ISSUANCE_DATA_LEN) {
                return Err(StorageError::ValueTooLong);
            }
            if !self.values.contains(key) {
                self.key_count = self
                    .key_count
                    .checked_add(1)
                    .filter(|count| *count <= MAX_STORAGE_KEYS)
                    .ok_or(StorageError::TooManyKeys)?;
            }
            self.values.insert(key, &value);
            Ok(())
        }

        /// Removes `key` (nothing happens if it holds no value). Caller: the current writer.
        /// Errors: `NotWriter`.
        #[ink(message)]
        fn remove(&mut self, key: Name) -> Result<(), StorageError> {
            self.ensure_writer()?;
            if self.values.contains(key) {
                self.values.remove(key);
                // Cannot underflow: the key was counted when it was set.
                self.key_count = self.key_count.saturating_sub(1);
            }
            Ok(())
        }

        /// Makes `writer` the only account that may write, until revoked. Caller: the owner.
        /// Errors: `NotOwner`.
        #[ink(message)]
        fn grant_writer(&mut self, writer: AccountId) -> Result<(), StorageError> {
            self.ensure_owner()?;
            self.writer = writer;
            Ok(())
        }

        /// Leaves the storage without a writer. Caller: the owner. Errors: `NotOwner`.
        #[ink(message)]
        fn revoke_writer(&mut self) -> Result<(), StorageError> {
            self.ensure_owner()?;
            self.writer = NO_WRITER;
            Ok(())
        }

        /// Terminates the storage once its issuance closes: pallet-contracts refunds its
        /// storage deposit to the origin of the call (the maker) and sends its free balance to
        /// `beneficiary`. Caller: the owner. Errors: `NotOwner`. Returns nothing on success:
        /// the contract is gone.
        #[ink(message)]
        fn close(&mut self, beneficiary: AccountId) -> Result<(), StorageError> {
            self.ensure_owner()?;
            self.env().terminate_contract(beneficiary)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};
        use traits::IssuanceStorage as _;

        fn as_caller(account: AccountId) {
            test::set_caller::<DefaultEnvironment>(account);
        }

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        const KEY: Name = Name::new("loan");

        #[ink::test]
        fn only_the_granted_writer_writes_and_only_until_revoked() {
            let (manager, instrument, stranger) =
                (accounts().alice, accounts().bob, accounts().eve);
            as_caller(manager);
            let mut storage = IssuanceStorage::new();
            as_caller(instrument);
            assert_eq!(storage.set(KEY, vec![1]), Err(StorageError::NotWriter));
            as_caller(manager);
            assert_eq!(
                storage.set(KEY, vec![1]),
                Err(StorageError::NotWriter),
                "not even the owner writes without a grant"
            );
            storage.grant_writer(instrument).unwrap();
            as_caller(stranger);
            assert_eq!(storage.set(KEY, vec![9]), Err(StorageError::NotWriter));
            assert_eq!(storage.remove(KEY), Err(StorageError::NotWriter));
            assert_eq!(storage.grant_writer(stranger), Err(StorageError::NotOwner));
            as_caller(instrument);
            storage.set(KEY, vec![1, 2]).unwrap();
            assert_eq!(storage.revoke_writer(), Err(StorageError::NotOwner));
            as_caller(manager);
            storage.revoke_writer().unwrap();
            as_caller(instrument);
            assert_eq!(storage.set(KEY, vec![3]), Err(StorageError::NotWriter));
            assert_eq!(storage.get(KEY), Some(vec![1, 2]), "reads are open");
            assert_eq!(storage.writer(), None);
        }

        #[ink::test]
        fn values_and_keys_are_bounded() {
            let (manager, instrument) = (accounts().alice, accounts().bob);
            as_caller(manager);
            let mut storage = IssuanceStorage::new();
            storage.grant_writer(instrument).unwrap();
            as_caller(instrument);
            let longest = vec![0u8; MAX_ISSUANCE_DATA_LEN as usize];
            storage.set(KEY, longest.clone()).unwrap();
            let mut too_long = longest;
            too_long.push(0);
            assert_eq!(storage.set(KEY, too_long), Err(StorageError::ValueTooLong));
            for i in 1..MAX_STORAGE_KEYS {
                storage.set(Name([i as u8; 32]), vec![]).unwrap();
            }
            assert_eq!(storage.key_count(), MAX_STORAGE_KEYS);
            assert_eq!(
                storage.set(Name([200; 32]), vec![]),
                Err(StorageError::TooManyKeys)
            );
            storage.set(KEY, vec![7]).unwrap();
            storage.remove(KEY).unwrap();
            storage.remove(KEY).unwrap();
            assert_eq!(storage.key_count(), MAX_STORAGE_KEYS - 1);
            storage.set(Name([200; 32]), vec![]).unwrap();
        }
    }
}
