from kobling.manage import main

main()
